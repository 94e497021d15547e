package io.costfleet.source;

/** A queue message that cannot be decoded into a job. */
public class PoisonMessageException extends PermanentException {
  public PoisonMessageException(String message) {
    super(message);
  }

  public PoisonMessageException(String message, Throwable cause) {
    super(message, cause);
  }
}
