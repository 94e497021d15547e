package io.costfleet.dispatcher.enqueue;

import io.costfleet.dispatcher.period.JobState;
import io.costfleet.dispatcher.period.TrackedJob;
import io.costfleet.job.ExtractionJob;
import java.util.Optional;

/**
 * Decides what an enqueue does with a slot, given the slot's current job. Pure; the store's compare-and-swap
 * makes the decision stick (or asks for it again when another replica changed the slot meanwhile).
 *
 * <p>A re-sync is a new {@code generation}: the job id changes, so the workers really extract again (a job
 * whose cursor is done completes without work), and the staging output of the new job supersedes the old.
 */
public final class SlotPlanner {

  /** What to do. */
  public sealed interface Decision permits Skip, Enqueue {}

  /** Nothing to publish. */
  public record Skip(String reason) implements Decision {}

  /** Publish {@code job}; {@code escalation}: the same job again at a higher priority. */
  public record Enqueue(ExtractionJob job, boolean escalation) implements Decision {}

  private SlotPlanner() {}

  public static Decision decide(SlotRequest request, Optional<TrackedJob> current) {
    if (current.isEmpty()) {
      return new Enqueue(request.job(0), false);
    }
    TrackedJob cur = current.get();
    JobState state = cur.state();
    int next = cur.job().generation() + 1;
    return switch (request.mode()) {
      case SYNC -> state.inFlight() ? skipInFlight(cur) : new Enqueue(request.job(next), false);
      case FINAL -> state.inFlight() ? escalateOrSkip(request, cur) : new Enqueue(request.job(next), false);
      case BACKFILL -> {
        if (state.inFlight()) {
          yield escalateOrSkip(request, cur);
        }
        if (state == JobState.DONE && !request.resync()) {
          yield new Skip("done (generation " + cur.job().generation() + "); ask for a re-sync to extract again");
        }
        yield new Enqueue(request.job(next), false);
      }
      case RESTATE -> request.version().isPresent() && request.version().equals(cur.version())
          ? new Skip("version " + request.version().get() + " already synced")
          : new Enqueue(request.job(next), false);
    };
  }

  private static Decision escalateOrSkip(SlotRequest request, TrackedJob cur) {
    boolean queued = cur.state() == JobState.PENDING || cur.state() == JobState.UNPUBLISHED;
    if (queued && cur.job().priority() < request.priority()) {
      ExtractionJob j = cur.job();
      return new Enqueue(new ExtractionJob(j.jobId(), j.provider(), j.source(), j.accountId(), j.billingPeriod(),
          j.dataset(), j.window(), j.part(), request.priority(), j.generation(), request.requestedAt(), 0), true);
    }
    return skipInFlight(cur);
  }

  private static Skip skipInFlight(TrackedJob cur) {
    return new Skip("in flight (" + cur.state().code() + ", priority " + cur.job().priority() + ")");
  }
}
