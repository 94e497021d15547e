package io.costfleet.dbtelemetry;

import io.costfleet.source.PermanentException;

/**
 * The database is not set up for sampling: an extension or setting is missing, or the telemetry
 * role lacks a privilege. Retrying does not help; the message names what to configure or grant
 * ({@link #remedy()}), and the job goes to the dead-letter queue until an operator has done it.
 */
public class TelemetrySetupException extends PermanentException {
  private final String endpoint;
  private final String remedy;

  public TelemetrySetupException(String endpoint, String problem, String remedy, Throwable cause) {
    super("db-telemetry endpoint '" + endpoint + "': " + problem + ". To fix: " + remedy, cause);
    this.endpoint = endpoint;
    this.remedy = remedy;
  }

  public String endpoint() {
    return endpoint;
  }

  /** What an operator must grant or configure. */
  public String remedy() {
    return remedy;
  }

  /** An extension, instrumentation or server setting the sampling needs is missing. */
  public static final class MissingExtension extends TelemetrySetupException {
    public MissingExtension(String endpoint, String problem, String remedy, Throwable cause) {
      super(endpoint, problem, remedy, cause);
    }
  }

  /** The telemetry role lacks a privilege. */
  public static final class MissingPrivilege extends TelemetrySetupException {
    public MissingPrivilege(String endpoint, String problem, String remedy, Throwable cause) {
      super(endpoint, problem, remedy, cause);
    }
  }
}
