package io.costfleet.worker.support;

import io.costfleet.resilience.CircuitBreakerConfig;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code costfleet.breaker.*}: how the fleet-wide circuits open and recover ({@link CircuitBreakerConfig}). */
@ConfigurationProperties("costfleet.breaker")
public record BreakerProperties(
    @DefaultValue("5") int consecutiveFailures,
    @DefaultValue("50") int failureRateThreshold,
    @DefaultValue("20") int minimumNumberOfCalls,
    @DefaultValue("60s") Duration failureRateWindow,
    @DefaultValue("30s") Duration waitDurationInOpenState,
    @DefaultValue("60s") Duration probeTimeout) {

  public BreakerProperties {
    config(consecutiveFailures, failureRateThreshold, minimumNumberOfCalls, failureRateWindow,
        waitDurationInOpenState, probeTimeout);
  }

  public CircuitBreakerConfig config() {
    return config(consecutiveFailures, failureRateThreshold, minimumNumberOfCalls, failureRateWindow,
        waitDurationInOpenState, probeTimeout);
  }

  private static CircuitBreakerConfig config(int consecutive, int rate, int minimum, Duration window, Duration wait,
      Duration probe) {
    try {
      return CircuitBreakerConfig.custom().consecutiveFailureThreshold(consecutive).failureRateThreshold(rate)
          .minimumNumberOfCalls(minimum).failureRateWindow(window).waitDurationInOpenState(wait).probeTimeout(probe)
          .build();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("costfleet.breaker.*: " + e.getMessage(), e);
    }
  }
}
