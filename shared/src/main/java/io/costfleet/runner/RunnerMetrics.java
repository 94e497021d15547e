package io.costfleet.runner;

import io.costfleet.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The runner's meters (names from {@link MetricNames}; tags provider, source, scope, outcome only). */
final class RunnerMetrics {
  private final MeterRegistry registry;
  private final Clock clock;
  /** Last cursor commit of each running job of this process, per provider. */
  private final Map<String, Map<String, Instant>> running = new ConcurrentHashMap<>();

  RunnerMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  void records(String provider, String source, String outcome, long n) {
    if (n > 0) {
      Counter.builder(MetricNames.RECORDS).tag("provider", provider).tag("source", source).tag("outcome", outcome)
          .register(registry).increment(n);
    }
  }

  void page(String provider, String source) {
    Counter.builder(MetricNames.PAGES).tag("provider", provider).tag("source", source).register(registry).increment();
  }

  void rateLimitWait(String provider, String scope, Duration waited) {
    Timer.builder(MetricNames.RATELIMIT_WAIT).tag("provider", provider).tag("scope", scopeTag(scope))
        .register(registry).record(waited);
  }

  void throttle(String provider, String scope) {
    Counter.builder(MetricNames.THROTTLES).tag("provider", provider).tag("scope", scopeTag(scope)).register(registry)
        .increment();
  }

  void cursorCommit(String provider, Duration took) {
    Timer.builder(MetricNames.CURSOR_COMMIT).tag("provider", provider).register(registry).record(took);
  }

  void jobStarted(String provider, String jobId) {
    running.computeIfAbsent(provider, p -> {
      Map<String, Instant> jobs = new ConcurrentHashMap<>();
      Gauge.builder(MetricNames.CURSOR_LAG, jobs, this::lagSeconds).tag("provider", p).register(registry);
      return jobs;
    }).put(jobId, clock.instant());
  }

  void committed(String provider, String jobId) {
    Map<String, Instant> jobs = running.get(provider);
    if (jobs != null) {
      jobs.replace(jobId, clock.instant());
    }
  }

  void jobEnded(String provider, String jobId) {
    Map<String, Instant> jobs = running.get(provider);
    if (jobs != null) {
      jobs.remove(jobId);
    }
  }

  /**
   * The low-cardinality form of a rate-limit scope for a tag: a scope may name an account
   * ({@code subscriptions/<id>}, {@code billingAccounts/<id>}); the tag keeps only its kind.
   */
  static String scopeTag(String scope) {
    if (scope == null || scope.isBlank()) {
      return "default";
    }
    int cut = -1;
    for (int i = 0; i < scope.length(); i++) {
      char c = scope.charAt(i);
      if (c == '/' || c == ':') {
        cut = i;
        break;
      }
    }
    return cut < 0 ? scope : scope.substring(0, cut);
  }

  private double lagSeconds(Map<String, Instant> jobs) {
    Instant now = clock.instant();
    return jobs.values().stream().mapToDouble(t -> Duration.between(t, now).toMillis() / 1000.0).max().orElse(0);
  }
}
