package io.costfleet.ratelimit;

import io.costfleet.source.TransientException;
import java.time.Duration;

/** No rate-limit token within the wait allowed; the job is retried later. */
public class RateLimitTimeoutException extends TransientException {
  public RateLimitTimeoutException(String bucket, Duration waited, Duration retryAfter) {
    super("no rate-limit token for " + bucket + " within " + waited, retryAfter, null);
  }
}
