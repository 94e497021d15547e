package io.costfleet.dispatcher.enqueue;

import io.costfleet.dispatcher.amqp.ConfirmingPublisher.Outcome;
import io.costfleet.dispatcher.enqueue.SlotPlanner.Decision;
import io.costfleet.dispatcher.metrics.DispatcherMetrics;
import io.costfleet.dispatcher.period.PeriodStore;
import io.costfleet.dispatcher.period.TrackedJob;
import io.costfleet.job.ExtractionJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The one way jobs get enqueued: decide per slot ({@link SlotPlanner}), reserve the decision in the shared
 * store (compare-and-swap: two replicas asking for the same slot at once enqueue it once), publish with
 * confirms, and record the result. A job the broker did not take stays {@code unpublished} with its reason
 * (API-visible, counted in {@code costfleet.jobs.publish.failures}) and {@link #republishStale} publishes it
 * again later: nothing is dropped silently.
 */
public final class EnqueueService {
  private static final Logger LOG = Logger.getLogger(EnqueueService.class);
  private static final int MAX_CONFLICTS = 10;
  private static final Duration MIN_REPUBLISH_LOCK = Duration.ofSeconds(10);

  /** What became of one slot request. */
  public enum Result { ENQUEUED, ESCALATED, SKIPPED, UNPUBLISHED }

  /** One slot request's result; {@code job} is absent when skipped without a job. */
  public record Entry(SlotRequest request, Optional<ExtractionJob> job, Result result, String detail) {}

  /** The result of one enqueue call. */
  public record Report(List<Entry> entries) {
    public long count(Result result) {
      return entries.stream().filter(e -> e.result() == result).count();
    }
  }

  private record Reserved(SlotRequest request, ExtractionJob job, boolean escalation) {}

  private final PeriodStore store;
  private final JobSender sender;
  private final DispatcherMetrics metrics;
  private final Clock clock;

  public EnqueueService(PeriodStore store, JobSender sender, DispatcherMetrics metrics, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.sender = Objects.requireNonNull(sender, "sender");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public Report enqueue(List<SlotRequest> requests) {
    List<Entry> entries = new ArrayList<>();
    List<Reserved> reserved = new ArrayList<>();
    for (SlotRequest request : requests) {
      reserve(request, entries, reserved);
    }
    Map<String, Outcome> published = send(reserved.stream().map(Reserved::job).toList());
    for (Reserved r : reserved) {
      var outcome = published.get(r.job().jobId());
      if (outcome.ok()) {
        entries.add(new Entry(r.request(), Optional.of(r.job()), r.escalation() ? Result.ESCALATED : Result.ENQUEUED,
            "generation " + r.job().generation() + ", priority " + r.job().priority()));
      } else {
        entries.add(new Entry(r.request(), Optional.of(r.job()), Result.UNPUBLISHED, outcome.toString()));
      }
    }
    Report report = new Report(entries);
    if (!requests.isEmpty()) {
      LOG.infof("%s: %d requested, %d enqueued, %d escalated, %d skipped, %d unpublished", requests.get(0).trigger(),
          requests.size(), report.count(Result.ENQUEUED), report.count(Result.ESCALATED),
          report.count(Result.SKIPPED), report.count(Result.UNPUBLISHED));
    }
    return report;
  }

  /**
   * Publishes again jobs left unpublished for longer than {@code age} (a failed publish, or a replica that died
   * between reserving and publishing); one replica per job.
   *
   * @return how many were published
   */
  public int republishStale(Duration age, int limit) {
    Instant now = clock.instant();
    List<ExtractionJob> jobs = new ArrayList<>();
    Duration lock = age.compareTo(MIN_REPUBLISH_LOCK) < 0 ? MIN_REPUBLISH_LOCK : age;
    for (TrackedJob t : store.unpublishedBefore(now.minus(age), limit)) {
      if (store.lockRepublish(t.jobId(), lock)) {
        jobs.add(t.job());
      }
    }
    if (jobs.isEmpty()) {
      return 0;
    }
    Map<String, Outcome> outcomes = send(jobs);
    int ok = (int) outcomes.values().stream().filter(Outcome::ok).count();
    LOG.infof("republished %d of %d unpublished jobs", ok, jobs.size());
    return ok;
  }

  private void reserve(SlotRequest request, List<Entry> entries, List<Reserved> reserved) {
    String slot = TrackedJob.slotOf(request.job(0));
    for (int i = 0; i < MAX_CONFLICTS; i++) {
      Optional<TrackedJob> current = store.current(request.period(), slot);
      Decision decision = SlotPlanner.decide(request, current);
      if (decision instanceof SlotPlanner.Skip skip) {
        entries.add(new Entry(request, current.map(TrackedJob::job), Result.SKIPPED, skip.reason()));
        return;
      }
      SlotPlanner.Enqueue enqueue = (SlotPlanner.Enqueue) decision;
      if (store.reserve(current, enqueue.job(), request.trigger(), request.version(), request.arming(),
          clock.instant())) {
        reserved.add(new Reserved(request, enqueue.job(), enqueue.escalation()));
        return;
      }
    }
    entries.add(new Entry(request, Optional.empty(), Result.SKIPPED, "slot changed " + MAX_CONFLICTS
        + " times while deciding; another replica is enqueuing it"));
  }

  private Map<String, Outcome> send(List<ExtractionJob> jobs) {
    Map<String, Outcome> outcomes = jobs.isEmpty() ? Map.of() : sender.send(jobs);
    Instant now = clock.instant();
    for (ExtractionJob job : jobs) {
      Outcome outcome = outcomes.get(job.jobId());
      if (outcome.ok()) {
        store.published(job.jobId(), now);
        metrics.enqueued(job.provider(), job.priority());
      } else {
        store.publishFailed(job.jobId(), outcome.reason() + ": " + outcome, now);
        metrics.publishFailed(job.provider(), outcome.reason());
        LOG.errorf("job %s (%s) was not taken by the broker (%s); it stays unpublished and is retried", job.jobId(),
            job.routingKey(), outcome);
      }
    }
    return outcomes;
  }
}
