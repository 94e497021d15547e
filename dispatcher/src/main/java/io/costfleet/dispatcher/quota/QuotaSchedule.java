package io.costfleet.dispatcher.quota;

import io.costfleet.dispatcher.config.FleetCatalog;
import io.costfleet.job.Provider;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The quota timers: every {@code costfleet.quota.refresh-every} the circuit and staleness gauges are refreshed
 * and budgets checked; every {@code costfleet.quota.sweep-every} (and 5 s after the start) the staging of the
 * current and previous period is swept for snapshots to rebuild.
 */
@ApplicationScoped
public class QuotaSchedule {
  private static final Logger LOG = Logger.getLogger(QuotaSchedule.class);

  private final QuotaService quota;
  private final LastGoodRefresher refresher;
  private final FleetCatalog catalog;
  private final Clock clock;

  public QuotaSchedule(QuotaService quota, LastGoodRefresher refresher, FleetCatalog catalog, Clock clock) {
    this.quota = quota;
    this.refresher = refresher;
    this.catalog = catalog;
    this.clock = clock;
  }

  @Scheduled(identity = "quota-refresh", every = "${costfleet.quota.refresh-every}", delayed = "3s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void refresh() {
    try {
      quota.refresh();
    } catch (RuntimeException e) {
      LOG.errorf(e, "quota refresh failed; it runs again in costfleet.quota.refresh-every");
    }
  }

  @Scheduled(identity = "lastgood-sweep", every = "${costfleet.quota.sweep-every}", delayed = "5s",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void sweep() {
    Map<Provider, List<String>> accounts = new EnumMap<>(Provider.class);
    for (Provider p : catalog.providers()) {
      if (!catalog.disabled(p)) {
        List<String> ids = new ArrayList<>();
        catalog.accounts(p).forEach(a -> ids.add(a.id()));
        accounts.put(p, ids);
      }
    }
    YearMonth now = YearMonth.now(clock.withZone(ZoneOffset.UTC));
    try {
      int marked = refresher.sweep(accounts, List.of(now, now.minusMonths(1)));
      if (marked > 0) {
        LOG.infof("last-good sweep: %d snapshot(s) to rebuild", marked);
      }
    } catch (RuntimeException e) {
      LOG.errorf(e, "last-good sweep failed; it runs again in costfleet.quota.sweep-every");
    }
  }
}
