package io.costfleet.dispatcher.period;

import io.costfleet.job.ExtractionJob;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

/**
 * The dispatcher's shared memory of jobs and periods (Redis in production, so every replica and a restarted
 * one see the same state).
 *
 * <p>A period holds one current job per <em>slot</em> ({@link TrackedJob#slotOf}); a re-sync installs a new
 * generation in the slot and supersedes the old job. Installing goes through {@link #reserve}, a
 * compare-and-swap on the slot, so two replicas deciding the same enqueue at the same time install it once.
 * Per-state counts cover current jobs only.
 */
public interface PeriodStore {

  /** What to do with the period's close when a job is reserved. */
  enum CloseArming {
    /** Ask for the close once every job of the period is done (month-end, restatement, backfill). */
    ARM,
    /** Leave the close as it is (daily sync of an open period). */
    KEEP,
    /** Ask for a close again only if the period was already closed (or its close failed). */
    REARM_IF_CLOSED
  }

  /** What applying an event did. */
  enum EventResult { APPLIED, STALE, IGNORED, UNKNOWN, ADOPTED }

  /** An event's effect and the period of its job (absent for an unknown job). */
  record Applied(EventResult result, Optional<YearMonth> period) {}

  /** A worker event, reduced to what the store records. {@code job} is present when the event carried it. */
  record JobEvent(String jobId, JobState state, Optional<ExtractionJob> job, Optional<String> worker,
      Optional<Long> rows, Optional<Long> quarantined, Optional<String> error) {}

  /** A replica's claim on a period's close. {@code epoch} changes whenever the close is asked for again. */
  record CloseClaim(YearMonth period, String owner, long epoch) {}

  Optional<TrackedJob> current(YearMonth period, String slot);

  /**
   * Installs {@code job} as its slot's current job, {@link JobState#UNPUBLISHED}, if the slot still holds
   * {@code expected} unchanged (same job, state and request time); an escalation re-installs the same job id.
   *
   * @return false if the slot changed meanwhile (decide again)
   */
  boolean reserve(Optional<TrackedJob> expected, ExtractionJob job, String trigger, Optional<String> version,
      CloseArming arming, Instant now);

  /** {@link JobState#UNPUBLISHED} to {@link JobState#PENDING} once the broker confirmed the publish. */
  void published(String jobId, Instant now);

  /** Records why a publish failed; the job stays {@link JobState#UNPUBLISHED} for the republisher. */
  void publishFailed(String jobId, String reason, Instant now);

  /** Applies a worker event; events of an older enqueue of the job ({@code requestedAt}) are stale. */
  Applied apply(JobEvent event, Instant now);

  /** {@link JobState#FAILED} to {@link JobState#PENDING}: its dead letter was replayed. */
  boolean replayed(String jobId, Instant now);

  Optional<TrackedJob> job(String jobId);

  /** The current jobs of a period. */
  List<TrackedJob> jobs(YearMonth period);

  List<PeriodView> periods();

  Optional<PeriodView> period(YearMonth period);

  /** Jobs unpublished since before {@code before}, oldest first. */
  List<TrackedJob> unpublishedBefore(Instant before, int limit);

  /** One replica republishes a job at a time. */
  boolean lockRepublish(String jobId, Duration ttl);

  /**
   * Asks for the period's close (again).
   *
   * @return false if the period has no jobs
   */
  boolean armClose(YearMonth period, Instant now);

  /** Claims the close if it is due (closing, every job done) and nobody holds it (or a holder timed out). */
  Optional<CloseClaim> claimClose(YearMonth period, String owner, Duration timeout, Instant now);

  /**
   * Ends a claimed close with {@link PeriodStatus#CLOSED} or {@link PeriodStatus#FAILED}.
   *
   * @return false if the close was asked for again meanwhile (the period stays closing) or the claim was lost
   */
  boolean finishClose(CloseClaim claim, PeriodStatus outcome, String detail, Instant now);
}
