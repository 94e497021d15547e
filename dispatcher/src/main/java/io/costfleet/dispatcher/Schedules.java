package io.costfleet.dispatcher;

import io.costfleet.dispatcher.amqp.DeadLetterQueues;
import io.costfleet.dispatcher.amqp.EventConsumer;
import io.costfleet.dispatcher.enqueue.DispatchService;
import io.costfleet.dispatcher.enqueue.EnqueueService;
import io.costfleet.dispatcher.config.DispatcherConfig;
import io.costfleet.dispatcher.metrics.DispatcherMetrics;
import io.costfleet.dispatcher.period.CloseCoordinator;
import io.costfleet.dispatcher.period.PeriodStore;
import io.costfleet.job.Provider;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The dispatcher's timers (UTC): daily sync, month-end close jobs, the republisher of unpublished jobs, and the
 * refresh (event consumer alive, gauges, closes an event missed). Every replica runs them; the store's
 * compare-and-swap makes a second replica's enqueue a no-op.
 */
@ApplicationScoped
public class Schedules {
  private static final Logger LOG = Logger.getLogger(Schedules.class);

  private final DispatchService dispatch;
  private final EnqueueService enqueue;
  private final DispatcherConfig config;
  private final Refresh refresh;

  /** The refresh's collaborators (kept apart so the constructor stays small). */
  @ApplicationScoped
  public static class Refresh {
    private final EventConsumer consumer;
    private final DeadLetterQueues queues;
    private final PeriodStore store;
    private final DispatcherMetrics metrics;
    private final CloseCoordinator closes;

    public Refresh(EventConsumer consumer, DeadLetterQueues queues, PeriodStore store, DispatcherMetrics metrics,
        CloseCoordinator closes) {
      this.consumer = consumer;
      this.queues = queues;
      this.store = store;
      this.metrics = metrics;
      this.closes = closes;
    }

    void run() {
      try {
        consumer.ensureRunning();
      } catch (IOException | RuntimeException e) {
        LOG.warnf("event consumer not running: %s", e.getMessage());
      }
      try {
        Map<Provider, Long> jobs = new EnumMap<>(Provider.class);
        Map<Provider, Long> dead = new EnumMap<>(Provider.class);
        for (Provider p : Provider.values()) {
          jobs.put(p, queues.jobsDepth(p));
          dead.put(p, queues.depth(p));
        }
        metrics.refreshQueues(jobs, dead);
      } catch (IOException | RuntimeException e) {
        LOG.warnf("queue depths not refreshed: %s", e.getMessage());
      }
      try {
        metrics.refreshPeriods(store.periods());
        closes.checkAll();
      } catch (RuntimeException e) {
        LOG.warnf("period state not refreshed: %s", e.getMessage());
      }
    }
  }

  public Schedules(DispatchService dispatch, EnqueueService enqueue, DispatcherConfig config, Refresh refresh) {
    this.dispatch = dispatch;
    this.enqueue = enqueue;
    this.config = config;
    this.refresh = refresh;
  }

  @Scheduled(identity = "daily-sync", cron = "${costfleet.schedules.daily.cron}", timeZone = "UTC",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void daily() {
    dispatch.daily(dispatch.today());
  }

  @Scheduled(identity = "month-end", cron = "${costfleet.schedules.month-end.cron}", timeZone = "UTC",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void monthEnd() {
    dispatch.monthEnd(dispatch.today());
  }

  @Scheduled(identity = "republish", every = "${costfleet.enqueue.republish-every}", delayed = "5s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void republish() {
    try {
      enqueue.republishStale(config.enqueue().republishAfter(), 500);
    } catch (RuntimeException e) {
      LOG.warnf("republisher: %s", e.getMessage());
    }
  }

  @Scheduled(identity = "refresh", every = "${costfleet.tracking.refresh-every}", delayed = "2s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void refresh() {
    refresh.run();
  }
}
