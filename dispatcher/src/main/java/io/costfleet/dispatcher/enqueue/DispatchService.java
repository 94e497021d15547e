package io.costfleet.dispatcher.enqueue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.costfleet.job.CloudEvent;
import io.costfleet.job.RestatementData;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Objects;

/** The dispatcher's triggers (schedules, operator requests, restatement events), each planned and enqueued. */
public final class DispatchService {
  private final JobPlanner planner;
  private final EnqueueService enqueue;
  private final Clock clock;
  private final ObjectMapper mapper;

  public DispatchService(JobPlanner planner, EnqueueService enqueue, Clock clock, ObjectMapper mapper) {
    this.planner = Objects.requireNonNull(planner, "planner");
    this.enqueue = Objects.requireNonNull(enqueue, "enqueue");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  public EnqueueService.Report daily(LocalDate today) {
    return enqueue.enqueue(planner.daily(today, JobPlanner.now(clock)));
  }

  public EnqueueService.Report monthEnd(LocalDate today) {
    return enqueue.enqueue(planner.monthEnd(today, JobPlanner.now(clock)));
  }

  public EnqueueService.Report backfill(BackfillSpec spec) {
    return enqueue.enqueue(planner.backfill(spec, today(), JobPlanner.now(clock)));
  }

  public EnqueueService.Report restate(RestatementData restatement) {
    return enqueue.enqueue(planner.restatement(restatement, today(), JobPlanner.now(clock)));
  }

  /** A {@code source.restated} event. */
  public EnqueueService.Report onRestatementEvent(CloudEvent event) {
    return restate(RestatementData.of(event, mapper));
  }

  public LocalDate today() {
    return LocalDate.now(clock);
  }
}
