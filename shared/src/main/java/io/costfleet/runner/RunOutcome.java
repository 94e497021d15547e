package io.costfleet.runner;

/**
 * How a run of a job ended without failing. Failures are thrown as {@link RunFailedException}
 * (carrying the stage and the typed cause) for the delivery layer to classify with
 * {@link DeliveryPolicy}.
 */
public sealed interface RunOutcome permits RunOutcome.Completed, RunOutcome.Abandoned {

  /**
   * The job is done: every page is staged and the cursor says DONE.
   *
   * @param pages       pages of the whole job (all runs)
   * @param rows        staged records of the whole job
   * @param quarantined quarantined raw records of the whole job
   * @param alreadyDone the cursor was DONE before this run started: nothing was fetched
   * @param estimated   a page of this run was flagged estimated by the source (re-sync it later)
   */
  record Completed(long pages, long rows, long quarantined, boolean alreadyDone, boolean estimated)
      implements RunOutcome {}

  /** The run stopped before the end without failing; what the delivery layer does depends on why. */
  record Abandoned(Reason reason, long pagesThisRun) implements RunOutcome {}

  /** Why a run was abandoned. */
  enum Reason {
    /** The lease expired, vanished or a newer holder took it: requeue; whoever holds it next resumes. */
    LEASE_LOST,
    /** The worker is shutting down: the page in flight was finished, requeue so another worker resumes. */
    SHUTDOWN
  }
}
