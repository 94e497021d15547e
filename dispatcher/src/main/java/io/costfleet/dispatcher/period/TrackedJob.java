package io.costfleet.dispatcher.period;

import io.costfleet.job.ExtractionJob;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A job the dispatcher tracks: the job as published, its state, and what the last event said.
 *
 * @param trigger  what enqueued it ({@code daily}, {@code month-end}, {@code backfill}, {@code restatement},
 *                 {@code event}: adopted from a worker event)
 * @param version  the restated data version that produced it, if any
 * @param current  whether it is the job of its slot (a later generation supersedes it)
 * @param error    the last publish or job failure
 */
public record TrackedJob(ExtractionJob job, JobState state, String trigger, Instant updatedAt,
    Optional<String> version, Optional<String> worker, Optional<Long> rows, Optional<Long> quarantined,
    Optional<String> error, boolean current) {

  public TrackedJob {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(state, "state");
  }

  public String jobId() {
    return job.jobId();
  }

  /** The slot of a job within its period: one per provider, source, account, dataset, window and part. */
  public static String slotOf(ExtractionJob job) {
    return String.join("|", job.provider().code(), job.source(), job.accountId(), job.dataset().code(),
        job.window().start() + "_" + job.window().end(), job.part() == null ? "" : job.part());
  }
}
