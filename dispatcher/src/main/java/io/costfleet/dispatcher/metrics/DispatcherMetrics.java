package io.costfleet.dispatcher.metrics;

import io.costfleet.dispatcher.period.JobState;
import io.costfleet.dispatcher.period.PeriodStatus;
import io.costfleet.dispatcher.period.PeriodView;
import io.costfleet.job.Provider;
import io.costfleet.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The dispatcher's meters: jobs enqueued by provider and priority, publishes the broker did not take, queue and
 * dead-letter depths by provider, jobs of unclosed periods by state, periods by status. Gauges hold the last
 * refreshed value ({@link #refreshQueues}, {@link #refreshPeriods}); -1 means not measured yet.
 */
public final class DispatcherMetrics {
  private final MeterRegistry registry;
  private final Map<Provider, AtomicLong> queueDepth = new EnumMap<>(Provider.class);
  private final Map<Provider, AtomicLong> dlqDepth = new EnumMap<>(Provider.class);
  private final Map<JobState, AtomicLong> periodJobs = new EnumMap<>(JobState.class);
  private final Map<PeriodStatus, AtomicLong> periods = new EnumMap<>(PeriodStatus.class);

  public DispatcherMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (Provider p : Provider.values()) {
      queueDepth.put(p, gauge(MetricNames.QUEUE_DEPTH, "provider", p.code(), "Messages in the provider's jobs queue"));
      dlqDepth.put(p, gauge(MetricNames.DLQ_DEPTH, "provider", p.code(), "Messages in the provider's dead-letter queue"));
    }
    for (JobState s : JobState.values()) {
      periodJobs.put(s, gauge(MetricNames.PERIOD_JOBS, "state", s.code(), "Jobs of periods not closed, by state"));
    }
    for (PeriodStatus s : PeriodStatus.values()) {
      periods.put(s, gauge(MetricNames.PERIODS, "state", s.code(), "Tracked periods by close status"));
    }
  }

  private AtomicLong gauge(String name, String tag, String value, String description) {
    AtomicLong holder = new AtomicLong(-1);
    Gauge.builder(name, holder, AtomicLong::get).tag(tag, value).description(description).register(registry);
    return holder;
  }

  public void enqueued(Provider provider, int priority) {
    Counter.builder(MetricNames.JOBS_ENQUEUED).description("Jobs the dispatcher published (confirmed by the broker)")
        .tag("provider", provider.code()).tag("priority", Integer.toString(priority)).register(registry).increment();
  }

  public void publishFailed(Provider provider, String reason) {
    Counter.builder(MetricNames.PUBLISH_FAILURES).description("Job publishes the broker did not take")
        .tag("provider", provider.code()).tag("reason", reason).register(registry).increment();
  }

  public void refreshQueues(Map<Provider, Long> jobs, Map<Provider, Long> deadLetters) {
    jobs.forEach((p, n) -> queueDepth.get(p).set(n));
    deadLetters.forEach((p, n) -> dlqDepth.get(p).set(n));
  }

  public void refreshPeriods(List<PeriodView> views) {
    Map<JobState, Long> jobs = new EnumMap<>(JobState.class);
    Map<PeriodStatus, Long> byStatus = new EnumMap<>(PeriodStatus.class);
    for (PeriodView v : views) {
      byStatus.merge(v.status(), 1L, Long::sum);
      if (v.status() != PeriodStatus.CLOSED) {
        v.jobs().forEach((s, n) -> jobs.merge(s, n, Long::sum));
      }
    }
    periodJobs.forEach((s, holder) -> holder.set(jobs.getOrDefault(s, 0L)));
    periods.forEach((s, holder) -> holder.set(byStatus.getOrDefault(s, 0L)));
  }
}
