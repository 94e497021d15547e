package io.costfleet.dispatcher.quota;

import io.costfleet.degrade.DegradationDetector;
import io.costfleet.degrade.DegradationDetector.ProviderState;
import io.costfleet.degrade.Freshness;
import io.costfleet.degrade.LastGood;
import io.costfleet.job.Provider;
import io.costfleet.quota.BudgetMonitor;
import io.costfleet.quota.BudgetStatus;
import io.costfleet.quota.QuotaDecision;
import io.costfleet.quota.QuotaEngine;
import io.costfleet.quota.QuotaRequest;
import io.costfleet.quota.SpendView;
import io.costfleet.redis.CoordinationUnavailableException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Answers quota and budget questions for the current billing period from the last-good snapshots: reads them
 * (Redis, else the local cache), decides per provider whether they are degraded, and hands the spend to the
 * {@link QuotaEngine} or the {@link BudgetMonitor}; counts what it did.
 */
public final class QuotaService {
  private static final Logger LOG = Logger.getLogger(QuotaService.class);

  /** A decision with what it was made from. */
  public record Answer(QuotaDecision decision, LastGood.Store store, Map<Provider, ProviderState> providers) {}

  /** Every budget's standing with what it was computed from. */
  public record Budgets(YearMonth period, Freshness freshness, LastGood.Store store, List<BudgetStatus> budgets) {}

  private final LastGood lastGood;
  private final DegradationDetector detector;
  private final Supplier<DegradationDetector.Fleet> fleet;
  private final QuotaEngine engine;
  private final BudgetMonitor monitor;
  private final QuotaMetrics metrics;
  private final Clock clock;

  public QuotaService(LastGood lastGood, DegradationDetector detector, Supplier<DegradationDetector.Fleet> fleet,
      QuotaEngine engine, BudgetMonitor monitor, QuotaMetrics metrics, Clock clock) {
    this.lastGood = Objects.requireNonNull(lastGood, "lastGood");
    this.detector = Objects.requireNonNull(detector, "detector");
    this.fleet = Objects.requireNonNull(fleet, "fleet");
    this.engine = Objects.requireNonNull(engine, "engine");
    this.monitor = Objects.requireNonNull(monitor, "monitor");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  private record State(LastGood.Read read, Map<Provider, ProviderState> providers, Freshness freshness, SpendView view) {}

  private State state() {
    YearMonth period = YearMonth.now(clock.withZone(ZoneOffset.UTC));
    LastGood.Read read = lastGood.read(period);
    Map<Provider, ProviderState> providers = detector.assess(read, fleet.get());
    metrics.staleness(providers);
    return new State(read, providers, DegradationDetector.overall(providers), SpendView.of(period, read.snapshots()));
  }

  /** The decision for a cost center, or empty when it has no budget. */
  public Optional<Answer> decide(String costCenter, QuotaRequest request) {
    State s = state();
    Optional<QuotaDecision> decision = engine.decide(costCenter, request, s.view(), s.freshness(),
        LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
    decision.ifPresent(d -> {
      metrics.decision(d.allowed(), d.freshness().degraded());
      s.providers().forEach((p, state) -> {
        if (state.freshness().degraded()) {
          metrics.fallback(p, state.asOf() == null ? "none" : s.read().store().code());
        }
      });
    });
    return decision.map(d -> new Answer(d, s.read().store(), s.providers()));
  }

  public Budgets budgets() {
    State s = state();
    return new Budgets(s.view().period(), s.freshness(), s.read().store(), monitor.status(s.view()));
  }

  /**
   * Refreshes the circuit and staleness gauges and announces budget breaches not announced yet. Skipped while
   * Redis is out of reach (breaches are announced only under the Redis guard).
   */
  public void refresh() {
    State s = state();
    if (s.read().store() != LastGood.Store.REDIS) {
      LOG.warnf("budget check skipped: %s", s.read().redisFailure().orElse("Redis unreachable"));
      return;
    }
    BudgetMonitor.Evaluation e;
    try {
      e = monitor.evaluate(s.view(), s.freshness());
    } catch (CoordinationUnavailableException ex) {
      LOG.warnf("budget check skipped: %s", ex.getMessage());
      return;
    }
    for (BudgetMonitor.Announced a : e.announced()) {
      metrics.breach(a.threshold().kind());
      LOG.infof("budget %s %s crossed %s in %s: %s announced", a.budget().scope().code(), a.budget().name(),
          a.threshold(), s.view().period(), a.event().id());
    }
    for (String f : e.failures()) {
      LOG.errorf("budget breach not announced (retried at the next check): %s", f);
    }
  }
}
