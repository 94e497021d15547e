package io.costfleet.dispatcher.quota;

import io.costfleet.degrade.DegradationDetector;
import io.costfleet.job.Provider;
import io.costfleet.metrics.MetricNames;
import io.costfleet.quota.Threshold;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The quota meters of the dispatcher: {@value MetricNames#QUOTA_DECISIONS} {@code {outcome, degraded}},
 * {@value MetricNames#FALLBACK_READS} {@code {provider, store}}, {@value MetricNames#DATA_STALENESS}
 * {@code {provider}} (-1: no data), {@value MetricNames#BUDGET_BREACHES} {@code {kind}}. The circuit state
 * gauge is the shared {@link io.costfleet.resilience.CircuitBreakerMetrics}, fed by the breaker reads.
 */
public final class QuotaMetrics {
  private final MeterRegistry registry;
  private final Map<Provider, AtomicLong> staleness = new EnumMap<>(Provider.class);

  public QuotaMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (Provider p : Provider.values()) {
      // a gauge left by an earlier app on the same registry (Quarkus tests restart the app on the global
      // registry) would keep reporting that app's holder: this app's takes over
      Gauge left = registry.find(MetricNames.DATA_STALENESS).tag("provider", p.code()).gauge();
      if (left != null) {
        registry.remove(left);
      }
      AtomicLong holder = new AtomicLong(-1);
      Gauge.builder(MetricNames.DATA_STALENESS, holder, AtomicLong::get).tag("provider", p.code())
          .description("Age in seconds of the provider's last-good data of the current period (oldest account)")
          .register(registry);
      staleness.put(p, holder);
    }
  }

  public void decision(boolean allowed, boolean degraded) {
    Counter.builder(MetricNames.QUOTA_DECISIONS).description("Quota decisions by outcome")
        .tag("outcome", allowed ? "allow" : "deny").tag("degraded", Boolean.toString(degraded))
        .register(registry).increment();
  }

  /** A read answered for {@code provider} while it was degraded, from {@code store} ({@code none}: no data). */
  public void fallback(Provider provider, String store) {
    Counter.builder(MetricNames.FALLBACK_READS).description("Quota reads answered from last-good data while degraded")
        .tag("provider", provider.code()).tag("store", store).register(registry).increment();
  }

  public void breach(Threshold.Kind kind) {
    Counter.builder(MetricNames.BUDGET_BREACHES).description("budget.breached events published")
        .tag("kind", kind.code()).register(registry).increment();
  }

  public void staleness(Map<Provider, DegradationDetector.ProviderState> states) {
    states.forEach((p, s) -> staleness.get(p).set(s.staleness() == null ? -1 : s.staleness().toSeconds()));
  }
}
