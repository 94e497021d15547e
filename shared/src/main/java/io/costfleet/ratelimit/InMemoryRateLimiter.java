package io.costfleet.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * A process-local token bucket per {@code (provider, scope)}, for single-process use (the
 * {@code import} command, unit tests, a worker run without Redis). Same contract and bucket
 * semantics as the fleet-wide {@link RedisRateLimiter}, nothing shared across processes.
 */
public final class InMemoryRateLimiter implements RateLimiter {
  private static final class Bucket {
    final RateLimitConfig config;
    double tokens;
    Instant refilledAt;
    Instant pausedUntil = Instant.EPOCH;
    double capRate = Double.MAX_VALUE;
    Instant capUntil = Instant.EPOCH;

    Bucket(RateLimitConfig config, Instant now) {
      this.config = config;
      this.tokens = config.burst();
      this.refilledAt = now;
    }
  }

  private final BiFunction<String, String, RateLimitConfig> configs;
  private final Clock clock;
  private final Map<String, Bucket> buckets = new HashMap<>();

  /** @param configs the bucket configuration of {@code (provider, scope)} */
  public InMemoryRateLimiter(BiFunction<String, String, RateLimitConfig> configs, Clock clock) {
    this.configs = Objects.requireNonNull(configs, "configs");
    this.clock = clock;
  }

  /** Every bucket with the same configuration. */
  public InMemoryRateLimiter(RateLimitConfig config) {
    this((p, s) -> config, Clock.systemUTC());
  }

  @Override
  public Duration acquire(String provider, String scope, int permits, Duration maxWait) throws InterruptedException {
    Instant start = clock.instant();
    Instant deadline = start.plus(maxWait);
    while (true) {
      Duration wait;
      synchronized (this) {
        Bucket b = bucket(provider, scope);
        Instant now = clock.instant();
        refill(b, now);
        if (now.isBefore(b.pausedUntil)) {
          wait = Duration.between(now, b.pausedUntil);
        } else if (b.tokens >= permits) {
          b.tokens -= permits;
          return Duration.between(start, now);
        } else {
          double missing = permits - b.tokens;
          wait = Duration.ofNanos((long) Math.ceil(missing / rate(b, now) * 1e9));
        }
      }
      Instant now = clock.instant();
      if (now.plus(wait).isAfter(deadline)) {
        throw new RateLimitTimeoutException(provider + ":" + scope, Duration.between(start, now), wait);
      }
      Thread.sleep(Math.max(1, wait.toMillis()));
    }
  }

  @Override
  public synchronized void backOff(String provider, String scope, Duration retryAfter) {
    Bucket b = bucket(provider, scope);
    Instant until = clock.instant().plus(retryAfter);
    refill(b, clock.instant());
    if (until.isAfter(b.pausedUntil)) {
      b.pausedUntil = until;
    }
    // As the Redis bucket: empty, refilling only from the end of the pause (no burst when it ends).
    b.tokens = Math.min(b.tokens, 0);
    if (b.pausedUntil.isAfter(b.refilledAt)) {
      b.refilledAt = b.pausedUntil;
    }
  }

  @Override
  public synchronized void observeRemaining(String provider, String scope, long remaining, Duration resetIn) {
    Bucket b = bucket(provider, scope);
    if (resetIn.isNegative() || resetIn.isZero()) {
      return;
    }
    if (remaining <= 0) {
      backOff(provider, scope, resetIn);
      return;
    }
    Instant now = clock.instant();
    refill(b, now);
    b.tokens = Math.min(b.tokens, remaining);
    b.capRate = remaining / (resetIn.toNanos() / 1e9);
    b.capUntil = now.plus(resetIn);
  }

  private Bucket bucket(String provider, String scope) {
    return buckets.computeIfAbsent(provider + ":" + scope, k -> new Bucket(configs.apply(provider, scope), clock.instant()));
  }

  private static void refill(Bucket b, Instant now) {
    if (now.isAfter(b.refilledAt)) {
      double seconds = Duration.between(b.refilledAt, now).toNanos() / 1e9;
      b.tokens = Math.min(b.config.burst(), b.tokens + seconds * rate(b, now));
      b.refilledAt = now;
    }
  }

  /** The configured rate, or the lower one a reported remaining quota imposes until its reset. */
  private static double rate(Bucket b, Instant now) {
    return now.isBefore(b.capUntil) ? Math.min(b.capRate, b.config.permitsPerSecond()) : b.config.permitsPerSecond();
  }
}
