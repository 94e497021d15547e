package io.costfleet.resilience;

import io.costfleet.ratelimit.RateLimitTimeoutException;
import io.costfleet.redis.CoordinationUnavailableException;
import io.costfleet.source.ThrottledException;
import io.costfleet.source.TransientException;
import io.costfleet.state.LeaseBusyException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * How a circuit opens and recovers; immutable, built with {@link #custom()} or {@link #ofDefaults()}.
 * The apps bind it from {@code costfleet.breaker.*}.
 *
 * @param consecutiveFailureThreshold counted failures in a row that open the circuit
 *     ({@code consecutive-failures}, default 5)
 * @param failureRateThreshold percentage of counted failures within {@code failureRateWindow} that
 *     opens it, 0 to use only the consecutive count ({@code failure-rate-threshold}, default 50)
 * @param minimumNumberOfCalls calls in the window before the failure rate counts
 *     ({@code minimum-number-of-calls}, default 20)
 * @param failureRateWindow the (tumbling) window of the failure rate ({@code failure-rate-window}, default 60s)
 * @param waitDurationInOpenState how long the circuit stays open before it admits one probe
 *     ({@code wait-duration-in-open-state}, default 30s)
 * @param probeTimeout how long the probe may take before another caller may probe instead (the
 *     prober crashed); longer than any call ({@code probe-timeout}, default 60s)
 * @param recordFailure which exceptions of a call count as the endpoint failing; any other outcome,
 *     including exceptions it does not count, shows the endpoint answered and counts as a success
 *     (default {@link #countsAsFailure})
 */
public record CircuitBreakerConfig(int consecutiveFailureThreshold, int failureRateThreshold,
    int minimumNumberOfCalls, Duration failureRateWindow, Duration waitDurationInOpenState,
    Duration probeTimeout, Predicate<Throwable> recordFailure) {

  public CircuitBreakerConfig {
    if (consecutiveFailureThreshold < 1) {
      throw new IllegalArgumentException("costfleet.breaker.consecutive-failures must be >= 1, was "
          + consecutiveFailureThreshold);
    }
    if (failureRateThreshold < 0 || failureRateThreshold > 100) {
      throw new IllegalArgumentException("costfleet.breaker.failure-rate-threshold must be 0..100, was "
          + failureRateThreshold);
    }
    if (minimumNumberOfCalls < 1) {
      throw new IllegalArgumentException("costfleet.breaker.minimum-number-of-calls must be >= 1, was "
          + minimumNumberOfCalls);
    }
    positive(failureRateWindow, "failure-rate-window");
    positive(waitDurationInOpenState, "wait-duration-in-open-state");
    positive(probeTimeout, "probe-timeout");
    Objects.requireNonNull(recordFailure, "recordFailure");
  }

  /**
   * The default failure predicate: a {@link TransientException} of the provider (5xx, timeout,
   * connection refused), not a {@link ThrottledException} (the endpoint is up, the rate limiter
   * handles it) and not one of costfleet's own transient errors (circuit open, Redis unreachable,
   * no rate-limit token, lease busy).
   */
  public static boolean countsAsFailure(Throwable t) {
    return t instanceof TransientException && !(t instanceof ThrottledException)
        && !(t instanceof CallNotPermittedException) && !(t instanceof CoordinationUnavailableException)
        && !(t instanceof RateLimitTimeoutException) && !(t instanceof LeaseBusyException);
  }

  public static CircuitBreakerConfig ofDefaults() {
    return custom().build();
  }

  public static Builder custom() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    return new Builder().consecutiveFailureThreshold(consecutiveFailureThreshold)
        .failureRateThreshold(failureRateThreshold).minimumNumberOfCalls(minimumNumberOfCalls)
        .failureRateWindow(failureRateWindow).waitDurationInOpenState(waitDurationInOpenState)
        .probeTimeout(probeTimeout).recordFailure(recordFailure);
  }

  /** How long the circuit's key outlives its last change. */
  Duration keyTimeToLive() {
    return failureRateWindow.plus(waitDurationInOpenState).plus(probeTimeout).multipliedBy(2);
  }

  private static void positive(Duration d, String key) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("costfleet.breaker." + key + " must be positive, was " + d);
    }
  }

  /** Builds a {@link CircuitBreakerConfig}; unset values keep their defaults. */
  public static final class Builder {
    private int consecutiveFailureThreshold = 5;
    private int failureRateThreshold = 50;
    private int minimumNumberOfCalls = 20;
    private Duration failureRateWindow = Duration.ofSeconds(60);
    private Duration waitDurationInOpenState = Duration.ofSeconds(30);
    private Duration probeTimeout = Duration.ofSeconds(60);
    private Predicate<Throwable> recordFailure = CircuitBreakerConfig::countsAsFailure;

    private Builder() {}

    public Builder consecutiveFailureThreshold(int n) {
      this.consecutiveFailureThreshold = n;
      return this;
    }

    public Builder failureRateThreshold(int percent) {
      this.failureRateThreshold = percent;
      return this;
    }

    public Builder minimumNumberOfCalls(int n) {
      this.minimumNumberOfCalls = n;
      return this;
    }

    public Builder failureRateWindow(Duration window) {
      this.failureRateWindow = window;
      return this;
    }

    public Builder waitDurationInOpenState(Duration wait) {
      this.waitDurationInOpenState = wait;
      return this;
    }

    public Builder probeTimeout(Duration timeout) {
      this.probeTimeout = timeout;
      return this;
    }

    public Builder recordFailure(Predicate<Throwable> predicate) {
      this.recordFailure = predicate;
      return this;
    }

    public CircuitBreakerConfig build() {
      return new CircuitBreakerConfig(consecutiveFailureThreshold, failureRateThreshold, minimumNumberOfCalls,
          failureRateWindow, waitDurationInOpenState, probeTimeout, recordFailure);
    }
  }
}
