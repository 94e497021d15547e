package io.costfleet.job;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The context headers every dead letter carries, whoever dead-letters it (a worker, the
 * dispatcher): where it failed, for which provider, with which exception, after how many attempts,
 * and since when.
 */
public final class DeadLetterHeaders {
  public static final String STAGE = "x-costfleet-stage";
  public static final String PROVIDER = "x-costfleet-provider";
  public static final String EXCEPTION_CLASS = "x-costfleet-exception-class";
  public static final String EXCEPTION_MESSAGE = "x-costfleet-exception-message";
  public static final String ATTEMPTS = "x-costfleet-attempts";
  public static final String FIRST_FAILED_AT = "x-costfleet-first-failed-at";
  /** Job id, when the payload could be decoded. */
  public static final String JOB_ID = "x-costfleet-job-id";
  /** Host/process that dead-lettered the message. */
  public static final String WORKER = "x-costfleet-worker";

  /** Longest exception message kept in a header. */
  public static final int MAX_MESSAGE_LENGTH = 2000;

  private DeadLetterHeaders() {}

  /** The stage names used in {@link #STAGE}. */
  public static final class Stage {
    public static final String DECODE = "decode";
    public static final String LEASE = "lease";
    public static final String FETCH = "fetch";
    public static final String NORMALIZE = "normalize";
    public static final String STAGE_WRITE = "stage";
    public static final String COMMIT = "commit";
    public static final String PUBLISH = "publish";

    private Stage() {}
  }

  /** Builds the headers of a dead letter. */
  public static Map<String, Object> of(String stage, Provider provider, Throwable error, int attempts,
      Instant firstFailedAt, String jobId, String worker) {
    Map<String, Object> h = new HashMap<>();
    h.put(STAGE, stage);
    h.put(PROVIDER, provider == null ? "unknown" : provider.code());
    h.put(EXCEPTION_CLASS, error.getClass().getName());
    h.put(EXCEPTION_MESSAGE, truncate(String.valueOf(error.getMessage())));
    h.put(ATTEMPTS, attempts);
    h.put(FIRST_FAILED_AT, (firstFailedAt == null ? Instant.now() : firstFailedAt).toString());
    if (jobId != null) {
      h.put(JOB_ID, jobId);
    }
    if (worker != null) {
      h.put(WORKER, worker);
    }
    return h;
  }

  static String truncate(String s) {
    return s.length() <= MAX_MESSAGE_LENGTH ? s : s.substring(0, MAX_MESSAGE_LENGTH) + "…";
  }
}
