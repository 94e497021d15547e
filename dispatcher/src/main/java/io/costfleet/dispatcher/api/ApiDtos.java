package io.costfleet.dispatcher.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.costfleet.dispatcher.enqueue.EnqueueService;
import io.costfleet.dispatcher.period.JobState;
import io.costfleet.dispatcher.period.PeriodView;
import io.costfleet.dispatcher.period.TrackedJob;
import io.costfleet.job.ExtractionJob;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Request and response bodies of the operator API. */
public final class ApiDtos {
  private ApiDtos() {}

  /**
   * {@code POST /api/v1/backfills}. {@code provider} or {@code providers}; {@code accounts}, {@code sources},
   * {@code datasets} narrow the configured ones; {@code from}/{@code to} are {@code YYYY-MM} (to defaults to from).
   */
  public record BackfillBody(String provider, List<String> providers, List<String> accounts, String from, String to,
      Integer priority, List<String> sources, List<String> datasets, Boolean resync, Boolean close) {}

  /** {@code POST /api/v1/restatements}. */
  public record RestatementBody(String provider, String period, String account, String source, String version,
      String reason) {}

  /** One slot of an enqueue. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record EnqueuedJob(String jobId, String provider, String source, String accountId, String period,
      String dataset, int priority, Integer generation, String result, String detail) {

    static EnqueuedJob of(EnqueueService.Entry e) {
      var r = e.request();
      return new EnqueuedJob(e.job().map(ExtractionJob::jobId).orElse(null), r.provider().code(), r.source(),
          r.accountId(), r.period().toString(), r.dataset().code(),
          e.job().map(ExtractionJob::priority).orElse(r.priority()),
          e.job().map(ExtractionJob::generation).orElse(null), e.result().name().toLowerCase(), e.detail());
    }
  }

  /** The answer to every enqueue: counts, then one line per slot. */
  public record EnqueueResponse(String trigger, int requested, long enqueued, long escalated, long skipped,
      long unpublished, List<EnqueuedJob> jobs) {

    static EnqueueResponse of(String trigger, EnqueueService.Report report) {
      return new EnqueueResponse(trigger, report.entries().size(), report.count(EnqueueService.Result.ENQUEUED),
          report.count(EnqueueService.Result.ESCALATED), report.count(EnqueueService.Result.SKIPPED),
          report.count(EnqueueService.Result.UNPUBLISHED), report.entries().stream().map(EnqueuedJob::of).toList());
    }
  }

  /** A tracked job. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record JobView(String jobId, String provider, String source, String accountId, String period, String dataset,
      int generation, int priority, String state, String trigger, Instant requestedAt, Instant updatedAt,
      boolean current, String version, String worker, Long rows, Long quarantined, String error, String routingKey) {

    static JobView of(TrackedJob t) {
      ExtractionJob j = t.job();
      return new JobView(j.jobId(), j.provider().code(), j.source(), j.accountId(), j.billingPeriod().toString(),
          j.dataset().code(), j.generation(), j.priority(), t.state().code(), t.trigger(), j.requestedAt(),
          t.updatedAt(), t.current(), t.version().orElse(null), t.worker().orElse(null), t.rows().orElse(null),
          t.quarantined().orElse(null), t.error().orElse(null), j.routingKey());
    }
  }

  /** A tracked period with its job counts by state. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PeriodDto(String period, String status, Map<String, Long> jobs, Instant closedAt, String closeSummary,
      String closeError, Instant updatedAt, List<JobView> jobList) {

    static PeriodDto of(PeriodView v, List<JobView> jobs) {
      Map<String, Long> counts = new LinkedHashMap<>();
      for (JobState s : JobState.values()) {
        counts.put(s.code(), v.count(s));
      }
      return new PeriodDto(v.period().toString(), v.status().code(), counts, v.closedAt().orElse(null),
          v.closeSummary().orElse(null), v.closeError().orElse(null), v.updatedAt().orElse(null), jobs);
    }
  }

  /** An error. */
  public record ErrorBody(String error) {}
}
