package io.costfleet.state;

import io.costfleet.source.TransientException;
import java.time.Duration;

/** Another worker holds the job's lease; retry later (it will be done, or the lease will have expired). */
public class LeaseBusyException extends TransientException {
  public LeaseBusyException(String jobId, Duration retryAfter) {
    super("job " + jobId + " is leased by another worker", retryAfter, null);
  }
}
