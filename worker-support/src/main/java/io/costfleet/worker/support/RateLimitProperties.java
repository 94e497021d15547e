package io.costfleet.worker.support;

import io.costfleet.ratelimit.RateLimitConfig;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code costfleet.ratelimit.*}: the budget of provider API calls per scope of this worker's
 * provider ({@code costfleet.ratelimit.scopes.ce.permits-per-second=5}); scopes not listed use
 * {@code costfleet.ratelimit.defaults.*}.
 */
@ConfigurationProperties("costfleet.ratelimit")
public record RateLimitProperties(@DefaultValue Bucket defaults, Map<String, Bucket> scopes) {

  /**
   * @param permitsPerSecond sustained calls per second across the fleet
   * @param burst            calls that may be made at once after a quiet period
   */
  public record Bucket(@DefaultValue("5") double permitsPerSecond, @DefaultValue("5") int burst) {
    public Bucket {
      if (!(permitsPerSecond > 0)) {
        throw new IllegalArgumentException("costfleet.ratelimit.*.permits-per-second must be > 0, was "
            + permitsPerSecond);
      }
      if (burst < 1) {
        throw new IllegalArgumentException("costfleet.ratelimit.*.burst must be >= 1, was " + burst);
      }
    }

    RateLimitConfig config() {
      return new RateLimitConfig(permitsPerSecond, burst);
    }
  }

  public RateLimitProperties {
    scopes = scopes == null ? Map.of() : Map.copyOf(scopes);
  }

  /** The bucket configuration of a scope. */
  public RateLimitConfig config(String scope) {
    Bucket b = scopes.get(scope);
    return (b == null ? defaults : b).config();
  }
}
