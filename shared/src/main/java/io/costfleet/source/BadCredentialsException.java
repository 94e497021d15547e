package io.costfleet.source;

/** Authentication or authorization failed (HTTP 401/403, AccessDenied, invalid token). */
public class BadCredentialsException extends PermanentException {
  public BadCredentialsException(String message, Throwable cause) {
    super(message, cause);
  }
}
