package io.costfleet.runner;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of an {@link ExtractionRunner}.
 *
 * @param owner                  this worker's name in leases and logs (host-pid)
 * @param leaseTtl               lease time-to-live; a crashed worker's job is free again after it
 * @param leaseRenewEvery        how often the lease is renewed while the job runs (well under the TTL)
 * @param rateLimitMaxWait       longest wait for a rate-limit token before the job is retried later
 * @param throttleRetriesPerPage throttled calls of one page retried in place (after the fleet-wide
 *                               back-off) before the job goes back to the queue
 * @param throttleBackoff        back-off applied to the bucket when a throttle carries no Retry-After
 * @param progressEveryPages     a progress log line every so many pages (and one at the end)
 */
public record RunnerSettings(String owner, Duration leaseTtl, Duration leaseRenewEvery, Duration rateLimitMaxWait,
    int throttleRetriesPerPage, Duration throttleBackoff, int progressEveryPages) {

  public RunnerSettings {
    Objects.requireNonNull(owner, "owner");
    positive("leaseTtl", leaseTtl);
    positive("leaseRenewEvery", leaseRenewEvery);
    positive("rateLimitMaxWait", rateLimitMaxWait);
    positive("throttleBackoff", throttleBackoff);
    if (leaseRenewEvery.compareTo(leaseTtl) >= 0) {
      throw new IllegalArgumentException("leaseRenewEvery (" + leaseRenewEvery + ") must be shorter than leaseTtl ("
          + leaseTtl + ")");
    }
    if (throttleRetriesPerPage < 0) {
      throw new IllegalArgumentException("throttleRetriesPerPage must be >= 0, was " + throttleRetriesPerPage);
    }
    if (progressEveryPages < 1) {
      throw new IllegalArgumentException("progressEveryPages must be >= 1, was " + progressEveryPages);
    }
  }

  /** Defaults: 60 s lease renewed every 20 s, 60 s token wait, 3 in-place throttle retries, log every 10 pages. */
  public static RunnerSettings defaults(String owner) {
    return new RunnerSettings(owner, Duration.ofSeconds(60), Duration.ofSeconds(20), Duration.ofSeconds(60), 3,
        Duration.ofSeconds(1), 10);
  }

  private static void positive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
    }
  }
}
