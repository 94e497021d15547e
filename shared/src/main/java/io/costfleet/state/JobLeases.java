package io.costfleet.state;

import java.time.Duration;
import java.util.Optional;

/** One worker per job: a lease with a time-to-live, renewed while the job runs. Redis key {@code lease:{jobId}}. */
public interface JobLeases {

  /** Takes the lease if nobody holds it; empty if another owner does. */
  Optional<Lease> tryAcquire(String jobId, String owner, Duration ttl);

  /** Extends the lease; false if it was lost (expired and maybe taken by another owner). */
  boolean renew(Lease lease, Duration ttl);

  /** Releases the lease if still held by this owner. */
  void release(Lease lease);

  /** Whether this lease is still the current one. */
  boolean isCurrent(Lease lease);
}
