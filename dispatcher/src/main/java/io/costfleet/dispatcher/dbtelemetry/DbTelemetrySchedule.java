package io.costfleet.dispatcher.dbtelemetry;

import io.costfleet.dbtelemetry.DbEndpoint;
import io.costfleet.dbtelemetry.DbTelemetryConfig;
import io.costfleet.dbtelemetry.DbTelemetryJobs;
import io.costfleet.dispatcher.amqp.ConfirmingPublisher.Outcome;
import io.costfleet.dispatcher.enqueue.JobSender;
import io.costfleet.dispatcher.metrics.DispatcherMetrics;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Priority;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Enqueues one {@code db-telemetry} sample job per configured endpoint every
 * {@code costfleet.db-telemetry.sample-every} (default 15m; {@code off} disables the timer). The slot
 * is the time rounded down to the interval, so every dispatcher replica publishes the same job id and
 * a worker runs it once (a duplicate finds its cursor done). Sample jobs are not period jobs: they are
 * published directly, not tracked; a publish the broker refuses is counted and logged, and the next
 * slot's sample covers the gap (deltas come from cumulative counters, so a missed sample loses nothing).
 */
@ApplicationScoped
public class DbTelemetrySchedule {
  private static final Logger LOG = Logger.getLogger(DbTelemetrySchedule.class);
  private static final Duration DEFAULT_EVERY = Duration.ofMinutes(15);

  private final Optional<DbTelemetryConfig> config;
  private final Duration every;
  private final JobSender sender;
  private final DispatcherMetrics metrics;
  private final Clock clock;

  public DbTelemetrySchedule(DbTelemetryMapping mapping, JobSender sender, DispatcherMetrics metrics, Clock clock) {
    this.config = mapping.toShared();
    String e = mapping.sampleEvery().orElse("15m").strip();
    this.every = e.equalsIgnoreCase("off") ? DEFAULT_EVERY : DurationConverter.parseDuration(e);
    if (every.isNegative() || every.isZero()) {
      throw new IllegalArgumentException(DbTelemetryMapping.PREFIX + "sample-every must be positive or off, was " + e);
    }
    this.sender = sender;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Scheduled(identity = "db-telemetry", every = "${costfleet.db-telemetry.sample-every:15m}", delayed = "10s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void onTimer() {
    try {
      sampleNow();
    } catch (RuntimeException e) {
      LOG.warnf("db-telemetry sample jobs not enqueued: %s", e.getMessage());
    }
  }

  /** Publishes this slot's sample job of every endpoint; returns the jobs the broker took. */
  public List<ExtractionJob> sampleNow() {
    if (config.isEmpty()) {
      return List.of();
    }
    Instant now = clock.instant();
    Instant slot = Instant.ofEpochMilli(now.toEpochMilli() - Math.floorMod(now.toEpochMilli(), every.toMillis()));
    List<ExtractionJob> jobs = new ArrayList<>();
    for (DbEndpoint e : config.get().endpoints()) {
      jobs.add(DbTelemetryJobs.sampleJob(e, slot, Priority.DAILY, now));
    }
    Map<String, Outcome> outcomes = sender.send(jobs);
    List<ExtractionJob> taken = new ArrayList<>();
    for (ExtractionJob job : jobs) {
      Outcome outcome = outcomes.get(job.jobId());
      if (outcome != null && outcome.ok()) {
        taken.add(job);
        metrics.enqueued(job.provider(), job.priority());
      } else {
        String reason = outcome == null ? "no outcome" : outcome.reason();
        metrics.publishFailed(job.provider(), reason);
        LOG.errorf("db-telemetry sample job %s of endpoint %s was not taken by the broker (%s); the next slot's "
            + "sample covers the gap", job.jobId(), job.accountId(), outcome);
      }
    }
    return taken;
  }
}
