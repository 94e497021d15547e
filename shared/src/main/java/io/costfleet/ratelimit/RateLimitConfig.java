package io.costfleet.ratelimit;

/** Rate and burst of one bucket: {@code permitsPerSecond} refill, at most {@code burst} stored. */
public record RateLimitConfig(double permitsPerSecond, int burst) {
  public RateLimitConfig {
    if (!(permitsPerSecond > 0)) {
      throw new IllegalArgumentException("permitsPerSecond must be > 0, was " + permitsPerSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be >= 1, was " + burst);
    }
  }
}
