package io.costfleet.resilience;

import io.costfleet.metrics.MetricNames;
import io.costfleet.resilience.CircuitBreaker.State;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Circuit meters, kept out of the breaker: register it as a listener of the breaker and bind it to
 * the registry. {@link MetricNames#CIRCUIT_STATE} (0 closed, 1 half-open, 2 open, as this process
 * last saw it) and {@link MetricNames#CIRCUIT_TRANSITIONS} (moves this process made), tagged
 * {@code provider, endpoint} (+ {@code to}). Circuits appear as the breaker first meets them.
 */
public final class CircuitBreakerMetrics implements MeterBinder, CircuitBreakerListener {
  private final Map<List<String>, AtomicInteger> states = new ConcurrentHashMap<>();
  private volatile MeterRegistry registry;

  @Override
  public synchronized void bindTo(MeterRegistry meterRegistry) {
    this.registry = meterRegistry;
    states.forEach((circuit, value) -> gauge(meterRegistry, circuit, value));
  }

  @Override
  public void onTransition(String provider, String endpoint, State from, State to) {
    onState(provider, endpoint, to);
    MeterRegistry r = registry;
    if (r != null) {
      Counter.builder(MetricNames.CIRCUIT_TRANSITIONS)
          .description("Circuit breaker state transitions made by this process")
          .tags("provider", provider, "endpoint", endpoint, "to", to.name().toLowerCase(Locale.ROOT))
          .register(r).increment();
    }
  }

  @Override
  public void onState(String provider, String endpoint, State state) {
    AtomicInteger value = states.get(List.of(provider, endpoint));
    if (value == null) {
      value = newCircuit(List.of(provider, endpoint));
    }
    value.set(code(state));
  }

  private synchronized AtomicInteger newCircuit(List<String> circuit) {
    AtomicInteger existing = states.get(circuit);
    if (existing != null) {
      return existing;
    }
    AtomicInteger value = new AtomicInteger();
    states.put(circuit, value);
    if (registry != null) {
      gauge(registry, circuit, value);
    }
    return value;
  }

  private static void gauge(MeterRegistry r, List<String> circuit, AtomicInteger value) {
    Gauge.builder(MetricNames.CIRCUIT_STATE, value, AtomicInteger::get)
        .description("Circuit state as this process last saw it: 0 closed, 1 half-open, 2 open")
        .tags("provider", circuit.get(0), "endpoint", circuit.get(1))
        .register(r);
  }

  static int code(State state) {
    return switch (state) {
      case CLOSED -> 0;
      case HALF_OPEN -> 1;
      case OPEN -> 2;
    };
  }
}
