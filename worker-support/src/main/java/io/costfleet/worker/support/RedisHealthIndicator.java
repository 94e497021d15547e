package io.costfleet.worker.support;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import redis.clients.jedis.UnifiedJedis;

/** Health of the coordination Redis: up when it answers PING. */
public final class RedisHealthIndicator extends AbstractHealthIndicator {
  private final UnifiedJedis redis;
  private final CoordinationProperties properties;

  public RedisHealthIndicator(UnifiedJedis redis, CoordinationProperties properties) {
    super("Redis health check failed");
    this.redis = redis;
    this.properties = properties;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    String pong = redis.ping();
    builder.up().withDetail("address", properties.host() + ":" + properties.port())
        .withDetail("keyPrefix", properties.keyPrefix()).withDetail("ping", pong);
  }
}
