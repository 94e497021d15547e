package io.costfleet.ratelimit;

import java.util.Map;
import java.util.Objects;

/**
 * Rate and burst of every bucket: {@code buckets} keyed by {@code "<provider>:<scope>"} (one API
 * scope) or {@code "<provider>"} (every scope of a provider), else {@code defaults}. Bound from
 * {@code costfleet.ratelimit.defaults.*} and {@code costfleet.ratelimit.buckets."<key>".*}.
 */
public record RateLimits(RateLimitConfig defaults, Map<String, RateLimitConfig> buckets) {
  public RateLimits {
    Objects.requireNonNull(defaults, "costfleet.ratelimit.defaults");
    buckets = buckets == null ? Map.of() : Map.copyOf(buckets);
  }

  /** Every bucket at the same rate. */
  public static RateLimits of(RateLimitConfig defaults) {
    return new RateLimits(defaults, Map.of());
  }

  /** The configuration of bucket {@code (provider, scope)}; usable as {@code RateLimits::forBucket}. */
  public RateLimitConfig forBucket(String provider, String scope) {
    RateLimitConfig c = buckets.get(provider + ":" + scope);
    if (c == null) {
      c = buckets.get(provider);
    }
    return c == null ? defaults : c;
  }
}
