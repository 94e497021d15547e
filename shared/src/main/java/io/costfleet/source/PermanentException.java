package io.costfleet.source;

/**
 * A failure that will not pass by retrying: bad credentials, a malformed payload, a schema that
 * lacks a required column, an undecodable message. The job goes to its dead-letter queue at once,
 * with context headers, for an operator to fix and replay.
 */
public class PermanentException extends RuntimeException {
  public PermanentException(String message) {
    super(message);
  }

  public PermanentException(String message, Throwable cause) {
    super(message, cause);
  }
}
