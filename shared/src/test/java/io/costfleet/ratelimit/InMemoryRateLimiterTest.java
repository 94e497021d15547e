package io.costfleet.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The process-local bucket follows the Redis bucket's rules, on a clock the test moves. */
class InMemoryRateLimiterTest {
  private final MutableClock clock = new MutableClock();
  private final RateLimits limits = new RateLimits(new RateLimitConfig(10, 3),
      Map.of("azure", new RateLimitConfig(2, 1), "azure:export", new RateLimitConfig(100, 100)));
  private final InMemoryRateLimiter limiter = new InMemoryRateLimiter(limits::forBucket, clock);

  @Test
  void burstThenRate() throws Exception {
    for (int i = 0; i < 3; i++) {
      limiter.acquire("aws", "ce", 1, Duration.ZERO);
    }
    assertThatThrownBy(() -> limiter.acquire("aws", "ce", 1, Duration.ZERO))
        .isInstanceOf(RateLimitTimeoutException.class)
        .satisfies(e -> assertThat(((RateLimitTimeoutException) e).retryAfter()).contains(Duration.ofMillis(100)));
    clock.advance(Duration.ofMillis(100));
    limiter.acquire("aws", "ce", 1, Duration.ZERO);
  }

  @Test
  void aBackOffPausesThenRefillsFromEmptyWithoutABurst() throws Exception {
    limiter.backOff("aws", "ce", Duration.ofSeconds(2));
    clock.advance(Duration.ofMillis(1999));
    assertThatThrownBy(() -> limiter.acquire("aws", "ce", 1, Duration.ZERO)).isInstanceOf(RateLimitTimeoutException.class);
    clock.advance(Duration.ofMillis(1 + 100));
    limiter.acquire("aws", "ce", 1, Duration.ZERO);
    assertThatThrownBy(() -> limiter.acquire("aws", "ce", 1, Duration.ZERO))
        .as("one refill at 10/s since the pause ended, not a full burst").isInstanceOf(RateLimitTimeoutException.class);
  }

  @Test
  void fewRemainingCallsCapTheRateUntilTheReset() throws Exception {
    limiter.observeRemaining("aws", "ce", 2, Duration.ofSeconds(10));
    limiter.acquire("aws", "ce", 1, Duration.ZERO);
    limiter.acquire("aws", "ce", 1, Duration.ZERO);
    clock.advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> limiter.acquire("aws", "ce", 1, Duration.ZERO))
        .as("0.2/s while the quota lasts, not 10/s")
        .isInstanceOf(RateLimitTimeoutException.class)
        .satisfies(e -> assertThat(((RateLimitTimeoutException) e).retryAfter()).contains(Duration.ofSeconds(4)));
    clock.advance(Duration.ofSeconds(9));
    limiter.acquire("aws", "ce", 1, Duration.ZERO);
    limiter.acquire("aws", "ce", 1, Duration.ZERO);
  }

  @Test
  void bucketsTakeTheirOwnConfigurationThenTheProvidersThenTheDefault() {
    assertThat(limits.forBucket("azure", "export")).isEqualTo(new RateLimitConfig(100, 100));
    assertThat(limits.forBucket("azure", "query")).isEqualTo(new RateLimitConfig(2, 1));
    assertThat(limits.forBucket("gcp", "bigquery")).isEqualTo(new RateLimitConfig(10, 3));
  }

  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-11-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
