package io.costfleet.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costfleet.testing.RedisNamespace;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fleet-wide bucket on the real Redis, two limiter instances ("workers") with their own pools. */
class RedisRateLimiterIT {
  private RedisNamespace ns;
  private RedisRateLimiter workerA;
  private RedisRateLimiter workerB;

  @BeforeEach
  void limiters() {
    ns = RedisNamespace.create();
    RateLimits limits = new RateLimits(new RateLimitConfig(20, 5),
        Map.of("azure:query", new RateLimitConfig(10, 2), "gcp", new RateLimitConfig(1000, 1000)));
    workerA = new RedisRateLimiter(ns.connect(), limits);
    workerB = new RedisRateLimiter(ns.connect(), limits);
  }

  @AfterEach
  void clean() {
    ns.close();
  }

  @Test
  void theBurstIsFreeThenPermitsComeAtTheRate() throws Exception {
    long start = System.nanoTime();
    for (int i = 0; i < 5; i++) {
      assertThat(workerA.acquire("aws", "ce", 1, Duration.ZERO)).isLessThan(Duration.ofMillis(100));
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
    assertThatThrownBy(() -> workerB.acquire("aws", "ce", 1, Duration.ZERO))
        .as("the burst was spent by the other worker").isInstanceOf(RateLimitTimeoutException.class)
        .satisfies(e -> assertThat(((RateLimitTimeoutException) e).retryAfter().orElseThrow())
            .isPositive().isLessThanOrEqualTo(Duration.ofMillis(50)));
    long t0 = System.nanoTime();
    for (int i = 0; i < 10; i++) {
      workerB.acquire("aws", "ce", 1, Duration.ofSeconds(1));
    }
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("10 permits at 20/s")
        .isBetween(Duration.ofMillis(400), Duration.ofMillis(900));
  }

  @Test
  void aBackOffSeenByOneWorkerPausesTheOthersAcquisitionsOfTheSameBucket() throws Exception {
    workerA.acquire("azure", "query", 1, Duration.ZERO);
    workerA.backOff("azure", "query", Duration.ofMillis(1200));

    assertThatThrownBy(() -> workerB.acquire("azure", "query", 1, Duration.ofMillis(300)))
        .isInstanceOf(RateLimitTimeoutException.class)
        .satisfies(e -> assertThat(((RateLimitTimeoutException) e).retryAfter().orElseThrow())
            .isBetween(Duration.ofMillis(700), Duration.ofMillis(1200)));
    assertThat(workerB.acquire("azure", "other-scope", 1, Duration.ZERO)).as("another bucket is not paused")
        .isLessThan(Duration.ofMillis(200));

    Duration waited = workerB.acquire("azure", "query", 1, Duration.ofSeconds(5));
    assertThat(waited).as("waits out the pause, then one refill at 10/s")
        .isBetween(Duration.ofMillis(800), Duration.ofMillis(1800));
  }

  @Test
  void aShorterBackOffNeverShortensALongerOne() {
    workerA.backOff("aws", "ce", Duration.ofSeconds(2));
    workerB.backOff("aws", "ce", Duration.ofMillis(100));
    assertThatThrownBy(() -> workerB.acquire("aws", "ce", 1, Duration.ofMillis(500)))
        .isInstanceOf(RateLimitTimeoutException.class);
  }

  @Test
  void fewRemainingCallsTightenTheBucketUntilTheReset() throws Exception {
    workerA.observeRemaining("gcp", "bigquery", 3, Duration.ofSeconds(3));
    int taken = 0;
    long end = System.nanoTime() + Duration.ofMillis(1500).toNanos();
    while (System.nanoTime() < end) {
      try {
        workerB.acquire("gcp", "bigquery", 1, Duration.ofMillis(50));
        taken++;
      } catch (RateLimitTimeoutException e) {
        Thread.sleep(20);
      }
    }
    assertThat(taken).as("3 left for 3 s: at most the 3 in hand plus 1/s refill, not 1000/s").isBetween(3, 5);

    workerA.observeRemaining("gcp", "bigquery", 0, Duration.ofMillis(800));
    assertThatThrownBy(() -> workerB.acquire("gcp", "bigquery", 1, Duration.ofMillis(300)))
        .as("nothing remaining pauses the bucket").isInstanceOf(RateLimitTimeoutException.class);
  }

  @Test
  void theBucketLivesUnderThePrefixAndExpiresWhenIdle() throws Exception {
    workerA.acquire("azure", "query", 1, Duration.ZERO);
    assertThat(ns.keys()).containsExactly(ns.prefix() + "ratelimit:azure:query");
    try (var raw = redis.clients.jedis.RedisClient.create(ns.config().host(), ns.config().port())) {
      long ttl = raw.pttl(ns.prefix() + "ratelimit:azure:query");
      assertThat(ttl).as("refills in 0.1 s, then kept 1 s more").isBetween(500L, 1200L);
    }
  }

  @Test
  void askingForMoreThanTheBurstIsAProgrammingError() {
    assertThatThrownBy(() -> workerA.acquire("azure", "query", 3, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("burst");
  }
}
