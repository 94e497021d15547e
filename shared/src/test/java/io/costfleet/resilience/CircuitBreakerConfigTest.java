package io.costfleet.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costfleet.ratelimit.RateLimitTimeoutException;
import io.costfleet.redis.CoordinationUnavailableException;
import io.costfleet.source.BadCredentialsException;
import io.costfleet.source.ThrottledException;
import io.costfleet.source.TransientException;
import io.costfleet.source.UnavailableException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerConfigTest {
  @Test
  void defaults() {
    CircuitBreakerConfig c = CircuitBreakerConfig.ofDefaults();
    assertThat(c.consecutiveFailureThreshold()).isEqualTo(5);
    assertThat(c.failureRateThreshold()).isEqualTo(50);
    assertThat(c.minimumNumberOfCalls()).isEqualTo(20);
    assertThat(c.failureRateWindow()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.waitDurationInOpenState()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.probeTimeout()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void theDefaultPredicateCountsProviderOutagesOnly() {
    Throwable[] counted = {new UnavailableException("503", null), new TransientException("timeout")};
    Throwable[] notCounted = {new ThrottledException("ce", Duration.ofSeconds(1), "429", null),
        new BadCredentialsException("401", null), new IllegalStateException("bug"),
        new CallNotPermittedException("aws:ce", Duration.ofSeconds(1)),
        new CoordinationUnavailableException("redis down", null, null),
        new RateLimitTimeoutException("aws:ce", Duration.ZERO, Duration.ofSeconds(1))};
    for (Throwable t : counted) {
      assertThat(CircuitBreakerConfig.ofDefaults().recordFailure().test(t)).as(t.toString()).isTrue();
    }
    for (Throwable t : notCounted) {
      assertThat(CircuitBreakerConfig.ofDefaults().recordFailure().test(t)).as(t.toString()).isFalse();
    }
  }

  @Test
  void theBuilderOverridesAndValidatesNamingTheKey() {
    CircuitBreakerConfig c = CircuitBreakerConfig.custom().consecutiveFailureThreshold(2)
        .waitDurationInOpenState(Duration.ofSeconds(5)).recordFailure(t -> true).build();
    assertThat(c.consecutiveFailureThreshold()).isEqualTo(2);
    assertThat(c.toBuilder().failureRateThreshold(0).build().failureRateThreshold()).isZero();
    assertThatThrownBy(() -> CircuitBreakerConfig.custom().consecutiveFailureThreshold(0).build())
        .hasMessageContaining("costfleet.breaker.consecutive-failures");
    assertThatThrownBy(() -> CircuitBreakerConfig.custom().failureRateThreshold(101).build())
        .hasMessageContaining("costfleet.breaker.failure-rate-threshold");
    assertThatThrownBy(() -> CircuitBreakerConfig.custom().waitDurationInOpenState(Duration.ZERO).build())
        .hasMessageContaining("costfleet.breaker.wait-duration-in-open-state");
  }
}
