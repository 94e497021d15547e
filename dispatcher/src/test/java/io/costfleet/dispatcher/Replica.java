package io.costfleet.dispatcher;

import com.rabbitmq.client.AMQP;
import io.costfleet.dispatcher.amqp.AmqpConnections;
import io.costfleet.dispatcher.amqp.ConfirmingPublisher;
import io.costfleet.dispatcher.amqp.DeadLetterQueues;
import io.costfleet.dispatcher.amqp.EventConsumer;
import io.costfleet.dispatcher.config.FleetCatalog;
import io.costfleet.dispatcher.enqueue.DispatchService;
import io.costfleet.dispatcher.enqueue.EnqueueService;
import io.costfleet.dispatcher.enqueue.JobPlanner;
import io.costfleet.dispatcher.enqueue.JobSender;
import io.costfleet.dispatcher.metrics.DispatcherMetrics;
import io.costfleet.dispatcher.period.CloseCoordinator;
import io.costfleet.dispatcher.period.PeriodCloser;
import io.costfleet.dispatcher.period.PeriodTracker;
import io.costfleet.dispatcher.redis.RedisPeriodStore;
import io.costfleet.job.CloudEvent;
import io.costfleet.job.Topology;
import io.costfleet.job.WireCodec;
import io.costfleet.redis.RedisCoordination;
import io.costfleet.testing.Amqp;
import io.costfleet.testing.RedisNamespace;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * One dispatcher "replica" built from the same parts as the Quarkus app, on a private topology and Redis
 * prefix: its own RabbitMQ connection and Redis pool, sharing state with the other replicas of the test only
 * through RabbitMQ and Redis.
 */
public final class Replica implements AutoCloseable {
  public final WireCodec codec = new WireCodec();
  public final AmqpConnections amqp;
  public final ConfirmingPublisher publisher;
  public final RedisCoordination redis;
  public final RedisPeriodStore store;
  public final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  public final DispatcherMetrics metrics = new DispatcherMetrics(registry);
  public final EnqueueService enqueue;
  public final DispatchService dispatch;
  public final CloseCoordinator closes;
  public final PeriodTracker tracker;
  public final EventConsumer consumer;
  public final DeadLetterQueues deadLetters;

  public Replica(String name, Topology topology, RedisNamespace ns, FleetCatalog catalog, PeriodCloser closer,
      JobSender.TopologyRepair repair, Clock clock) {
    amqp = new AmqpConnections(Amqp.factory(), "costfleet-test-" + name);
    publisher = new ConfirmingPublisher(amqp);
    redis = ns.connect();
    store = new RedisPeriodStore(redis, codec, Duration.ofDays(1));
    JobSender sender = new JobSender(publisher, topology, codec, repair,
        new JobSender.Settings(Duration.ofSeconds(5), 3, Duration.ofMillis(20)));
    enqueue = new EnqueueService(store, sender, metrics, clock);
    dispatch = new DispatchService(new JobPlanner(catalog, 3), enqueue, clock, codec.mapper());
    closes = new CloseCoordinator(store, closer, new CloseCoordinator.Settings(name, Duration.ofMinutes(5),
        Path.of("target/staging"), Map.of()), event -> {
          var outcome = publisher.await(publisher.publish(topology.eventsExchange(), event.routingKey(), false,
              new AMQP.BasicProperties.Builder().build(), codec.encode(event)), Duration.ofSeconds(5));
          if (!outcome.ok()) {
            throw new IllegalStateException(outcome.toString());
          }
        }, clock, codec.mapper());
    tracker = new PeriodTracker(store, closes, codec.mapper(), clock);
    consumer = new EventConsumer(amqp, topology, codec, event -> {
      if (event.type().equals(CloudEvent.SOURCE_RESTATED)) {
        dispatch.onRestatementEvent(event);
      } else {
        tracker.onJobEvent(event);
      }
    }, name, 8);
    deadLetters = new DeadLetterQueues(amqp, topology, codec, clock, Duration.ofSeconds(5));
  }

  /** A replica whose topology repair declares the provider's queues, as the app's does. */
  public static Replica of(String name, Topology topology, RedisNamespace ns, FleetCatalog catalog,
      PeriodCloser closer, Clock clock) {
    AmqpConnections[] holder = new AmqpConnections[1];
    Replica r = new Replica(name, topology, ns, catalog, closer,
        p -> DispatcherBeans.declare(holder[0], topology, Set.of(p)), clock);
    holder[0] = r.amqp;
    return r;
  }

  @Override
  public void close() {
    consumer.close();
    closes.close();
    publisher.close();
    amqp.close();
  }
}
