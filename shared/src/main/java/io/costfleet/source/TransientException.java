package io.costfleet.source;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure that may pass if tried again later: throttling, an unavailable endpoint, a busy lease,
 * a lost Redis or broker connection. The runtime retries the job with back-off (never sooner than
 * {@link #retryAfter()}), and dead-letters it after the configured number of attempts.
 */
public class TransientException extends RuntimeException {
  private final transient Duration retryAfter;

  public TransientException(String message) {
    this(message, null, null);
  }

  public TransientException(String message, Throwable cause) {
    this(message, null, cause);
  }

  public TransientException(String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.retryAfter = retryAfter;
  }

  /** The provider's own back-off hint, if it gave one. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
