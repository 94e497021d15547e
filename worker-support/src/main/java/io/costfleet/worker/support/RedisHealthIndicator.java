package io.costfleet.worker.support;

import io.costfleet.redis.RedisCoordination;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** Health of the coordination Redis: up when it answers PING. */
public final class RedisHealthIndicator extends AbstractHealthIndicator {
  private final RedisCoordination redis;

  public RedisHealthIndicator(RedisCoordination redis) {
    super("Redis health check failed");
    this.redis = redis;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    String pong = redis.execute("ping", jedis -> jedis.ping());
    builder.up().withDetail("address", redis.config().host() + ":" + redis.config().port())
        .withDetail("keyPrefix", redis.config().keyPrefix()).withDetail("ping", pong);
  }
}
