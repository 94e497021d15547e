package io.costfleet.runner;

/**
 * A run failed at a stage ({@link io.costfleet.job.DeadLetterHeaders.Stage}); the cause is the
 * typed exception ({@link io.costfleet.source.TransientException},
 * {@link io.costfleet.source.PermanentException}, or an unexpected one) after the source's
 * {@link io.costfleet.source.ErrorClassifier} translated it.
 */
public class RunFailedException extends RuntimeException {
  private final String stage;
  private final long pagesThisRun;

  public RunFailedException(String stage, Throwable cause, long pagesThisRun) {
    super("failed at stage " + stage + ": " + cause, cause);
    this.stage = stage;
    this.pagesThisRun = pagesThisRun;
  }

  /** The stage that failed, as written to the {@code x-costfleet-stage} header. */
  public String stage() {
    return stage;
  }

  /** Pages committed by this run before it failed. */
  public long pagesThisRun() {
    return pagesThisRun;
  }
}
