package io.costfleet.worker.support;

import io.costfleet.redis.RedisConfig;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code costfleet.redis.*}: the Redis that holds the fleet's cursors, leases, rate-limit buckets
 * and circuits. Every key is optional; defaults and validation are {@link RedisConfig}'s
 * (127.0.0.1:6379, prefix {@code costfleet:}, 2 s timeouts, pool of 16).
 */
@ConfigurationProperties("costfleet.redis")
public record CoordinationProperties(String host, int port, String username, String password, boolean tls,
    Duration connectTimeout, Duration socketTimeout, int poolSize, String keyPrefix, Duration reconnectBackoff,
    Duration reconnectBackoffMax) {

  public CoordinationProperties {
    config(host, port, username, password, tls, connectTimeout, socketTimeout, poolSize, keyPrefix,
        reconnectBackoff, reconnectBackoffMax);
  }

  /** The validated configuration. */
  public RedisConfig config() {
    return config(host, port, username, password, tls, connectTimeout, socketTimeout, poolSize, keyPrefix,
        reconnectBackoff, reconnectBackoffMax);
  }

  private static RedisConfig config(String host, int port, String username, String password, boolean tls,
      Duration connectTimeout, Duration socketTimeout, int poolSize, String keyPrefix, Duration reconnectBackoff,
      Duration reconnectBackoffMax) {
    return new RedisConfig(host, port, username, password, tls, connectTimeout, socketTimeout, poolSize, keyPrefix,
        reconnectBackoff, reconnectBackoffMax);
  }
}
