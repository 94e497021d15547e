package io.costfleet.dispatcher;

import io.costfleet.dispatcher.amqp.AmqpConnections;
import io.costfleet.dispatcher.amqp.EventConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import io.costfleet.redis.RedisCoordination;

/** Ready when RabbitMQ is connected, events are consumed and Redis answers. */
@Readiness
@ApplicationScoped
public class DispatcherReadiness implements HealthCheck {
  private final AmqpConnections amqp;
  private final EventConsumer consumer;
  private final RedisCoordination redis;

  public DispatcherReadiness(AmqpConnections amqp, EventConsumer consumer, RedisCoordination redis) {
    this.amqp = amqp;
    this.consumer = consumer;
    this.redis = redis;
  }

  @Override
  public HealthCheckResponse call() {
    boolean rabbit = amqp.isOpen();
    boolean events = consumer.running();
    boolean redisUp;
    try {
      redisUp = "PONG".equals(redis.execute("ping", j -> j.ping()));
    } catch (RuntimeException e) {
      redisUp = false;
    }
    return HealthCheckResponse.named("costfleet-dispatcher").status(rabbit && events && redisUp)
        .withData("rabbitmq", rabbit).withData("events", events).withData("redis", redisUp).build();
  }
}
