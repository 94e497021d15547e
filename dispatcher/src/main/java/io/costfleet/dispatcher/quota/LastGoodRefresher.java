package io.costfleet.dispatcher.quota;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.costfleet.dbtelemetry.DbTelemetrySource;
import io.costfleet.degrade.LastGood;
import io.costfleet.degrade.SpendAggregator;
import io.costfleet.degrade.SpendSnapshot;
import io.costfleet.job.CloudEvent;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.JobEventData;
import io.costfleet.job.Provider;
import io.costfleet.runner.JobManifest;
import java.time.Duration;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Produces the last-good snapshots. When a job of a billing dataset completes ({@code job.completed}, handled
 * by whichever replica consumed it), its account and period are marked; one background thread rebuilds each
 * marked snapshot from the staged data ({@link SpendAggregator}), stores it ({@link LastGood}: local cache,
 * then Redis), and then runs the budget check. A rebuild that fails (staging unreadable, Redis away) is
 * retried after {@code retryAfter}. {@link #sweep} marks what an event missed: an account whose complete jobs
 * differ from those its snapshot was built from.
 */
public final class LastGoodRefresher implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LastGoodRefresher.class);

  /** One snapshot to rebuild. */
  public record Slot(Provider provider, String account, YearMonth period) {}

  private final SpendAggregator aggregator;
  private final LastGood lastGood;
  private final Set<String> datasets;
  private final Runnable afterRefresh;
  private final ObjectMapper mapper;
  private final Duration retryAfter;
  private final Set<Slot> marked = new LinkedHashSet<>();
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "costfleet-lastgood");
    t.setDaemon(true);
    return t;
  });
  private boolean draining;

  /**
   * @param datasets     the billing datasets snapshots are built from (other jobs, e.g. telemetry, are ignored)
   * @param afterRefresh run after a batch of rebuilds (the budget check)
   */
  public LastGoodRefresher(SpendAggregator aggregator, LastGood lastGood, List<String> datasets, Runnable afterRefresh,
      ObjectMapper mapper, Duration retryAfter) {
    this.aggregator = Objects.requireNonNull(aggregator, "aggregator");
    this.lastGood = Objects.requireNonNull(lastGood, "lastGood");
    this.datasets = Set.copyOf(datasets);
    this.afterRefresh = Objects.requireNonNull(afterRefresh, "afterRefresh");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
  }

  /** Marks the account of a completed billing job; any other event is ignored. Never throws for a job event. */
  public void onJobEvent(CloudEvent event) {
    if (!CloudEvent.JOB_COMPLETED.equals(event.type())) {
      return;
    }
    ExtractionJob job = JobEventData.of(event, mapper).job();
    if (job != null && datasets.contains(job.dataset().code()) && !DbTelemetrySource.NAME.equals(job.source())) {
      mark(new Slot(job.provider(), job.accountId(), job.billingPeriod()));
    }
  }

  /** Queues a rebuild (once however often it is marked before it runs). */
  public void mark(Slot slot) {
    synchronized (marked) {
      marked.add(slot);
      if (draining) {
        return;
      }
      draining = true;
    }
    executor.execute(this::drain);
  }

  private void drain() {
    int rebuilt = 0;
    while (true) {
      Slot next;
      synchronized (marked) {
        if (marked.isEmpty()) {
          draining = false;
          break;
        }
        next = marked.iterator().next();
        marked.remove(next);
      }
      if (rebuild(next)) {
        rebuilt++;
      }
    }
    if (rebuilt > 0) {
      try {
        afterRefresh.run();
      } catch (RuntimeException e) {
        LOG.errorf(e, "budget check after %d snapshot rebuild(s) failed; it runs again at the next refresh", rebuilt);
      }
    }
  }

  private boolean rebuild(Slot slot) {
    long start = System.nanoTime();
    try {
      var snapshot = aggregator.aggregate(slot.provider(), slot.account(), slot.period());
      if (snapshot.isEmpty()) {
        LOG.debugf("no complete staged data for %s:%s %s yet", slot.provider().code(), slot.account(), slot.period());
        return false;
      }
      lastGood.put(snapshot.get());
      LOG.infof("last-good snapshot %s %s: data as of %s through %s, %d cost-center day(s), built in %d ms",
          snapshot.get().key(), slot.period(), snapshot.get().asOf(), snapshot.get().dataThrough(),
          snapshot.get().days().size(), (System.nanoTime() - start) / 1_000_000);
      return true;
    } catch (Exception e) {
      LOG.errorf("last-good snapshot %s:%s %s not rebuilt (%s); retrying in %s, answers use the previous one",
          slot.provider().code(), slot.account(), slot.period(), e.toString(), retryAfter);
      executor.schedule(() -> mark(slot), retryAfter.toMillis(), TimeUnit.MILLISECONDS);
      return false;
    }
  }

  /**
   * Marks every slot whose complete jobs are not the ones its stored snapshot was built from (a missed event,
   * a replica that died mid-rebuild, a new dispatcher). Returns how many it marked.
   */
  public int sweep(Map<Provider, List<String>> accounts, List<YearMonth> periods) {
    int n = 0;
    for (YearMonth period : periods) {
      LastGood.Read read = lastGood.read(period);
      Map<String, SpendSnapshot> stored = new HashMap<>();
      read.snapshots().forEach(s -> stored.put(s.key(), s));
      for (Map.Entry<Provider, List<String>> e : accounts.entrySet()) {
        for (String account : e.getValue()) {
          try {
            List<String> jobs = aggregator.inputs(e.getKey(), account, period).stream().map(JobManifest::jobId)
                .sorted().toList();
            SpendSnapshot s = stored.get(e.getKey().code() + ":" + account);
            if (!jobs.isEmpty() && (s == null || !s.jobs().equals(jobs))) {
              mark(new Slot(e.getKey(), account, period));
              n++;
            }
          } catch (java.io.IOException ex) {
            LOG.errorf("sweep cannot read the staging of %s:%s %s: %s", e.getKey().code(), account, period,
                ex.getMessage());
          }
        }
      }
    }
    return n;
  }

  /** Whether nothing is marked or rebuilding (tests). */
  public boolean idle() {
    synchronized (marked) {
      return marked.isEmpty() && !draining;
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
