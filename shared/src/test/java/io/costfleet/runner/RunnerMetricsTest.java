package io.costfleet.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RunnerMetricsTest {

  @Test
  void scopeTagsNeverCarryAnAccountId() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RunnerMetrics metrics = new RunnerMetrics(registry, Clock.systemUTC());

    metrics.throttle("azure", "subscriptions/00000000-1111-2222-3333-444444444444");
    metrics.throttle("azure", "subscriptions/55555555-1111-2222-3333-444444444444");
    metrics.rateLimitWait("aws", "ce", Duration.ofMillis(5));

    assertThat(registry.find("costfleet.throttles").counters()).singleElement()
        .satisfies(c -> {
          assertThat(c.getId().getTag("scope")).isEqualTo("subscriptions");
          assertThat(c.count()).isEqualTo(2.0);
        });
    assertThat(registry.find("costfleet.ratelimit.wait").timer().getId().getTag("scope")).isEqualTo("ce");
    assertThat(RunnerMetrics.scopeTag("billingAccounts:123")).isEqualTo("billingAccounts");
    assertThat(RunnerMetrics.scopeTag(null)).isEqualTo("default");
  }
}
