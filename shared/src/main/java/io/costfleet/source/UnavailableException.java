package io.costfleet.source;

import java.time.Duration;

/** The provider endpoint failed or could not be reached (5xx, connection refused, timeout, open circuit). */
public class UnavailableException extends TransientException {
  public UnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public UnavailableException(String message, Duration retryAfter, Throwable cause) {
    super(message, retryAfter, cause);
  }
}
