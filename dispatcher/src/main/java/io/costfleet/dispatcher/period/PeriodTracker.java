package io.costfleet.dispatcher.period;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.costfleet.dbtelemetry.DbTelemetrySource;
import io.costfleet.job.CloudEvent;
import io.costfleet.job.JobEventData;
import io.costfleet.source.PoisonMessageException;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Follows jobs through the workers' events: {@code job.started} makes a job running, {@code job.completed}
 * done, {@code job.failed} failed (or pending again when the worker scheduled a retry). When a job of a period
 * whose close is asked for becomes done, the close is checked. Database telemetry samples
 * ({@code db-telemetry} jobs) are not period jobs: their events are ignored.
 */
public final class PeriodTracker {
  private static final Logger LOG = Logger.getLogger(PeriodTracker.class);

  private final PeriodStore store;
  private final CloseCoordinator closes;
  private final ObjectMapper mapper;
  private final Clock clock;

  public PeriodTracker(PeriodStore store, CloseCoordinator closes, ObjectMapper mapper, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.closes = Objects.requireNonNull(closes, "closes");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Applies a job event.
   *
   * @throws PoisonMessageException if it is not a job event with job data
   */
  public PeriodStore.Applied onJobEvent(CloudEvent event) {
    JobEventData data = JobEventData.of(event, mapper);
    if (data.job() != null && DbTelemetrySource.NAME.equals(data.job().source())) {
      // telemetry samples run every few minutes and are no part of any period's extraction
      return new PeriodStore.Applied(PeriodStore.EventResult.IGNORED, Optional.empty());
    }
    JobState state = switch (event.type()) {
      case CloudEvent.JOB_STARTED -> JobState.RUNNING;
      case CloudEvent.JOB_COMPLETED -> JobState.DONE;
      case CloudEvent.JOB_FAILED -> Boolean.FALSE.equals(data.deadLettered()) ? JobState.PENDING : JobState.FAILED;
      default -> throw new PoisonMessageException("not a job event: " + event.type());
    };
    Optional<String> error = data.exceptionClass() == null ? Optional.empty()
        : Optional.of((data.stage() == null ? "" : data.stage() + ": ") + data.exceptionClass() + ": "
            + data.exceptionMessage());
    PeriodStore.Applied applied = store.apply(new PeriodStore.JobEvent(data.jobId(), state,
        Optional.ofNullable(data.job()), Optional.ofNullable(data.worker()), Optional.ofNullable(data.rows()),
        Optional.ofNullable(data.quarantined()), error), clock.instant());
    switch (applied.result()) {
      case UNKNOWN -> LOG.warnf("event %s for job %s that the dispatcher does not track and that carries no job",
          event.type(), data.jobId());
      case STALE, IGNORED -> LOG.debugf("event %s for job %s: %s", event.type(), data.jobId(), applied.result());
      default -> {
        if (state == JobState.FAILED) {
          LOG.warnf("job %s failed and was dead-lettered: %s", data.jobId(), error.orElse("no reason given"));
        }
        if (state == JobState.DONE) {
          applied.period().ifPresent(closes::checkSoon);
        }
      }
    }
    return applied;
  }
}
