package io.costfleet.source;

/** A whole response or file could not be parsed (single bad rows are quarantined instead). */
public class MalformedPayloadException extends PermanentException {
  public MalformedPayloadException(String message) {
    super(message);
  }

  public MalformedPayloadException(String message, Throwable cause) {
    super(message, cause);
  }
}
