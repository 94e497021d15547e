package io.costfleet.ratelimit;

import io.costfleet.redis.LuaScript;
import io.costfleet.redis.RedisCoordination;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * The fleet-wide token bucket: one hash per {@code (provider, scope)} at
 * {@code ratelimit:<provider>:<scope>}, changed only by Lua scripts that read the clock from Redis
 * {@code TIME}, so every worker of every process draws from one budget and no clock skew between
 * hosts matters. {@link #acquire} runs the take script and sleeps the wait it returns, until the
 * permits are taken or the wait would pass {@code maxWait}. A back-off or a low remaining quota seen
 * by one worker is written into the bucket and slows the whole fleet.
 *
 * <p>Redis unreachable: every method throws
 * {@link io.costfleet.redis.CoordinationUnavailableException} (transient); no call is made without a
 * token, so the fleet never overruns a provider because Redis went away.
 */
public final class RedisRateLimiter implements RateLimiter {
  private static final LuaScript TAKE = LuaScript.fromResource(RedisRateLimiter.class, "take.lua");
  private static final LuaScript BACK_OFF = LuaScript.fromResource(RedisRateLimiter.class, "backoff.lua");
  private static final LuaScript OBSERVE = LuaScript.fromResource(RedisRateLimiter.class, "observe.lua");

  /** Longer back-off or reset hints are cut to this (a misread header must not stop the fleet for days). */
  static final Duration LONGEST_PAUSE = Duration.ofHours(1);

  private final RedisCoordination redis;
  private final BiFunction<String, String, RateLimitConfig> configs;

  /** @param configs the rate and burst of bucket {@code (provider, scope)}; every replica must agree on them */
  public RedisRateLimiter(RedisCoordination redis, BiFunction<String, String, RateLimitConfig> configs) {
    this.redis = redis;
    this.configs = Objects.requireNonNull(configs, "configs");
  }

  public RedisRateLimiter(RedisCoordination redis, RateLimits limits) {
    this(redis, limits::forBucket);
  }

  @Override
  public Duration acquire(String provider, String scope, int permits, Duration maxWait) throws InterruptedException {
    RateLimitConfig config = configs.apply(provider, scope);
    if (permits < 1 || permits > config.burst()) {
      throw new IllegalArgumentException("permits must be 1.." + config.burst() + " (the burst of " + provider + ":"
          + scope + "), was " + permits);
    }
    long start = System.nanoTime();
    long deadline = start + maxWait.toNanos();
    List<String> keys = List.of(bucketKey(provider, scope));
    List<String> args = List.of(Double.toString(config.permitsPerSecond()), Integer.toString(config.burst()),
        Integer.toString(permits));
    while (true) {
      long waitMicros = (Long) redis.eval("take " + permits + " from " + provider + ":" + scope, TAKE, keys, args);
      long now = System.nanoTime();
      if (waitMicros <= 0) {
        return Duration.ofNanos(now - start);
      }
      if (now + TimeUnit.MICROSECONDS.toNanos(waitMicros) - deadline > 0) {
        throw new RateLimitTimeoutException(provider + ":" + scope, Duration.ofNanos(now - start),
            Duration.of(waitMicros, ChronoUnit.MICROS));
      }
      TimeUnit.MICROSECONDS.sleep(waitMicros);
    }
  }

  @Override
  public void backOff(String provider, String scope, Duration retryAfter) {
    if (retryAfter.isNegative() || retryAfter.isZero()) {
      return;
    }
    RateLimitConfig config = configs.apply(provider, scope);
    redis.eval("back off " + provider + ":" + scope, BACK_OFF, List.of(bucketKey(provider, scope)),
        List.of(Long.toString(micros(retryAfter)), Double.toString(config.permitsPerSecond()),
            Integer.toString(config.burst())));
  }

  @Override
  public void observeRemaining(String provider, String scope, long remaining, Duration resetIn) {
    if (resetIn.isNegative() || resetIn.isZero()) {
      return;
    }
    RateLimitConfig config = configs.apply(provider, scope);
    redis.eval("observe remaining quota of " + provider + ":" + scope, OBSERVE, List.of(bucketKey(provider, scope)),
        List.of(Long.toString(Math.max(0, remaining)), Long.toString(micros(resetIn)),
            Double.toString(config.permitsPerSecond()), Integer.toString(config.burst())));
  }

  String bucketKey(String provider, String scope) {
    return redis.key("ratelimit:" + provider + ":" + scope);
  }

  /** At least 1µs, at most {@link #LONGEST_PAUSE}. */
  private static long micros(Duration d) {
    Duration bounded = d.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : d;
    return Math.max(1, TimeUnit.NANOSECONDS.toMicros(bounded.toNanos()));
  }
}
