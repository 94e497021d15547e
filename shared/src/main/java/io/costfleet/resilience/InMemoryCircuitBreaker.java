package io.costfleet.resilience;

import io.costfleet.source.UnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A process-local circuit breaker per {@code (provider, endpoint)}: opens after
 * {@code failureThreshold} consecutive counted failures, admits one probe after
 * {@code openFor}, closes on its success. For single-process use (the {@code import} command, unit
 * tests, a worker run without Redis); the fleet-wide implementation keeps the state in Redis.
 */
public final class InMemoryCircuitBreaker implements CircuitBreaker {
  private static final class Circuit {
    State state = State.CLOSED;
    int failures;
    Instant openedAt = Instant.EPOCH;
    boolean probeTaken;
  }

  private final int failureThreshold;
  private final Duration openFor;
  private final Predicate<Throwable> counted;
  private final Clock clock;
  private final Map<String, Circuit> circuits = new HashMap<>();

  public InMemoryCircuitBreaker(int failureThreshold, Duration openFor, Predicate<Throwable> counted, Clock clock) {
    if (failureThreshold < 1) {
      throw new IllegalArgumentException("failureThreshold must be >= 1, was " + failureThreshold);
    }
    this.failureThreshold = failureThreshold;
    this.openFor = openFor;
    this.counted = counted;
    this.clock = clock;
  }

  /**
   * From the shared configuration: its consecutive-failure threshold, open period and failure
   * predicate (the failure rate is not tracked here).
   */
  public InMemoryCircuitBreaker(CircuitBreakerConfig config, Clock clock) {
    this(config.consecutiveFailureThreshold(), config.waitDurationInOpenState(), config.recordFailure(), clock);
  }

  /** Counts {@link UnavailableException}s (5xx, timeouts, outages); throttling does not trip it. */
  public static InMemoryCircuitBreaker ofDefaults() {
    return new InMemoryCircuitBreaker(5, Duration.ofSeconds(30), t -> t instanceof UnavailableException,
        Clock.systemUTC());
  }

  @Override
  public <T> T execute(String provider, String endpoint, Supplier<T> call) {
    String name = provider + ":" + endpoint;
    boolean probe;
    synchronized (this) {
      Circuit c = circuits.computeIfAbsent(name, k -> new Circuit());
      Instant now = clock.instant();
      if (c.state == State.OPEN && !now.isBefore(c.openedAt.plus(openFor))) {
        c.state = State.HALF_OPEN;
        c.probeTaken = false;
      }
      if (c.state == State.OPEN) {
        throw new CallNotPermittedException(name, Duration.between(now, c.openedAt.plus(openFor)));
      }
      if (c.state == State.HALF_OPEN) {
        if (c.probeTaken) {
          throw new CallNotPermittedException(name, openFor);
        }
        c.probeTaken = true;
      }
      probe = c.state == State.HALF_OPEN;
    }
    try {
      T result = call.get();
      record(name, null, probe);
      return result;
    } catch (RuntimeException e) {
      record(name, e, probe);
      throw e;
    }
  }

  private synchronized void record(String name, Throwable error, boolean probe) {
    Circuit c = circuits.get(name);
    if (error == null || !counted.test(error)) {
      if (error == null || probe) {
        c.state = State.CLOSED;
        c.failures = 0;
      }
      return;
    }
    c.failures++;
    if (probe || c.failures >= failureThreshold) {
      c.state = State.OPEN;
      c.openedAt = clock.instant();
    }
  }

  @Override
  public synchronized State state(String provider, String endpoint) {
    Circuit c = circuits.get(provider + ":" + endpoint);
    return c == null ? State.CLOSED : c.state;
  }
}
