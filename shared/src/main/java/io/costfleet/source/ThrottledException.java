package io.costfleet.source;

import java.time.Duration;

/**
 * The provider refused a call for rate (HTTP 429, AWS ThrottlingException/LimitExceededException,
 * BigQuery rateLimitExceeded). {@link #scope()} names the rate-limit bucket to tighten fleet-wide.
 */
public class ThrottledException extends TransientException {
  private final String scope;

  public ThrottledException(String scope, Duration retryAfter, String message, Throwable cause) {
    super(message, retryAfter, cause);
    this.scope = scope;
  }

  public String scope() {
    return scope;
  }
}
