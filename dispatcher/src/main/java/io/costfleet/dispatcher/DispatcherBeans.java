package io.costfleet.dispatcher;

import com.rabbitmq.client.Channel;
import io.costfleet.dispatcher.amqp.AmqpConnections;
import io.costfleet.dispatcher.amqp.ConfirmingPublisher;
import io.costfleet.dispatcher.amqp.DeadLetterQueues;
import io.costfleet.dispatcher.amqp.EventConsumer;
import io.costfleet.dispatcher.audit.AuditLog;
import io.costfleet.dispatcher.config.DispatcherConfig;
import io.costfleet.dispatcher.dbtelemetry.DbTelemetryMapping;
import io.costfleet.dispatcher.config.FleetCatalog;
import io.costfleet.dispatcher.enqueue.DispatchService;
import io.costfleet.dispatcher.enqueue.EnqueueService;
import io.costfleet.dispatcher.enqueue.JobPlanner;
import io.costfleet.dispatcher.enqueue.JobSender;
import io.costfleet.dispatcher.metrics.DispatcherMetrics;
import io.costfleet.dispatcher.period.CloseCoordinator;
import io.costfleet.dispatcher.period.EngineCloser;
import io.costfleet.dispatcher.period.LoggingPeriodCloser;
import io.costfleet.dispatcher.period.PeriodCloser;
import io.costfleet.dispatcher.period.PeriodStore;
import io.costfleet.dispatcher.period.PeriodTracker;
import io.costfleet.dispatcher.quota.LastGoodRefresher;
import io.costfleet.dispatcher.redis.RedisPeriodStore;
import io.costfleet.job.CloudEvent;
import io.costfleet.job.Provider;
import io.costfleet.job.Topology;
import io.costfleet.job.TopologyDeclarer;
import io.costfleet.job.WireCodec;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import io.costfleet.redis.RedisCoordination;
import io.costfleet.state.CursorStore;
import io.costfleet.state.RedisCursorStore;

/** Wires the framework-free parts of the dispatcher together from its configuration. */
@ApplicationScoped
public class DispatcherBeans {

  /** This replica's name in claims, dead letters and connection names. */
  public static String instanceName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown-host";
    }
    return "dispatcher@" + host + ":" + ProcessHandle.current().pid();
  }

  @Produces
  @Singleton
  FleetCatalog catalog(DispatcherConfig config) {
    return FleetCatalog.from(config.providers());
  }

  @Produces
  @Singleton
  Topology topology(DispatcherConfig config) {
    return new Topology(config.topology().namespace());
  }

  @Produces
  @Singleton
  WireCodec codec() {
    return new WireCodec();
  }

  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  @Produces
  @Singleton
  AmqpConnections amqp(DispatcherConfig config) {
    return new AmqpConnections(AmqpConnections.factory(config.rabbitmq()), instanceName());
  }

  void closeAmqp(@Disposes AmqpConnections amqp) {
    amqp.close();
  }

  @Produces
  @Singleton
  RedisCoordination redis(DispatcherConfig config) {
    return RedisCoordination.connect(config.redis().toShared(), "costfleet-dispatcher");
  }

  void closeRedis(@Disposes RedisCoordination redis) {
    redis.close();
  }

  @Produces
  @Singleton
  CursorStore cursors(RedisCoordination redis) {
    return new RedisCursorStore(redis);
  }

  @Produces
  @Singleton
  PeriodStore periodStore(RedisCoordination redis, DispatcherConfig config, WireCodec codec) {
    return new RedisPeriodStore(redis, codec, config.tracking().supersededRetention());
  }

  @Produces
  @Singleton
  DispatcherMetrics metrics(MeterRegistry registry) {
    return new DispatcherMetrics(registry);
  }

  @Produces
  @Singleton
  ConfirmingPublisher publisher(AmqpConnections amqp) {
    return new ConfirmingPublisher(amqp);
  }

  void closePublisher(@Disposes ConfirmingPublisher publisher) {
    publisher.close();
  }

  @Produces
  @Singleton
  JobSender sender(ConfirmingPublisher publisher, Topology topology, WireCodec codec, AmqpConnections amqp,
      DispatcherConfig config) {
    DispatcherConfig.EnqueueConfig e = config.enqueue();
    return new JobSender(publisher, topology, codec, provider -> declare(amqp, topology, Set.of(provider)),
        new JobSender.Settings(e.confirmTimeout(), e.publishAttempts(), e.retryBackoff()));
  }

  /** Declares the shared topology for the given providers on a short-lived channel. */
  public static void declare(AmqpConnections amqp, Topology topology, Set<Provider> providers) throws IOException {
    try (Channel ch = amqp.openChannel()) {
      new TopologyDeclarer(topology).declare(ch, providers);
    } catch (TimeoutException e) {
      throw new IOException(e);
    }
  }

  @Produces
  @Singleton
  EnqueueService enqueueService(PeriodStore store, JobSender sender, DispatcherMetrics metrics, Clock clock) {
    return new EnqueueService(store, sender, metrics, clock);
  }

  @Produces
  @Singleton
  DispatchService dispatchService(FleetCatalog catalog, DispatcherConfig config, EnqueueService enqueue, Clock clock,
      WireCodec codec) {
    return new DispatchService(new JobPlanner(catalog, config.schedules().daily().previousPeriodDays()), enqueue,
        clock, codec.mapper());
  }

  /** The close engine when {@code costfleet.close.rules-file} is set, else a closer that only logs. */
  @Produces
  @DefaultBean
  @Singleton
  PeriodCloser periodCloser(DispatcherConfig config, MeterRegistry registry, DbTelemetryMapping dbTelemetry) {
    return config.close().rulesFile().isPresent() ? EngineCloser.of(config.close(), registry, dbTelemetry.toShared())
        : new LoggingPeriodCloser();
  }

  @Produces
  @Singleton
  CloseCoordinator closeCoordinator(PeriodStore store, PeriodCloser closer, FleetCatalog catalog,
      DispatcherConfig config, ConfirmingPublisher publisher, Topology topology, WireCodec codec, Clock clock) {
    Map<Provider, Map<String, String>> units = new EnumMap<>(Provider.class);
    for (FleetCatalog.Account a : catalog.allAccounts()) {
      a.businessUnit().ifPresent(bu -> units.computeIfAbsent(a.provider(), p -> new TreeMap<>()).put(a.id(), bu));
    }
    CloseCoordinator.Settings settings = new CloseCoordinator.Settings(instanceName(),
        config.tracking().closeTimeout(), Path.of(config.storage().root()), units);
    CloseCoordinator.EventSink events = event -> {
      var outcome = publisher.await(publisher.publish(topology.eventsExchange(), event.routingKey(), false,
          new com.rabbitmq.client.AMQP.BasicProperties.Builder().contentType(WireCodec.CLOUDEVENTS_CONTENT_TYPE)
              .deliveryMode(2).build(), codec.encode(event)), config.enqueue().confirmTimeout());
      if (!outcome.ok()) {
        throw new IllegalStateException("event " + event.type() + " not taken by the broker: " + outcome);
      }
    };
    return new CloseCoordinator(store, closer, settings, events, clock, codec.mapper());
  }

  void closeCloses(@Disposes CloseCoordinator closes) {
    closes.close();
  }

  @Produces
  @Singleton
  PeriodTracker tracker(PeriodStore store, CloseCoordinator closes, WireCodec codec, Clock clock) {
    return new PeriodTracker(store, closes, codec.mapper(), clock);
  }

  @Produces
  @Singleton
  DeadLetterQueues deadLetterQueues(AmqpConnections amqp, Topology topology, WireCodec codec, Clock clock,
      DispatcherConfig config) {
    return new DeadLetterQueues(amqp, topology, codec, clock, config.enqueue().confirmTimeout());
  }

  @Produces
  @Singleton
  EventConsumer eventConsumer(AmqpConnections amqp, Topology topology, WireCodec codec, PeriodTracker tracker,
      DispatchService dispatch, LastGoodRefresher lastGood) {
    EventConsumer.Handler router = event -> {
      if (event.type().equals(CloudEvent.SOURCE_RESTATED)) {
        dispatch.onRestatementEvent(event);
      } else {
        tracker.onJobEvent(event);
        lastGood.onJobEvent(event);
      }
    };
    return new EventConsumer(amqp, topology, codec, router, instanceName(), 32);
  }

  void closeConsumer(@Disposes EventConsumer consumer) {
    consumer.close();
  }

  @Produces
  @Singleton
  AuditLog audit(RedisCoordination redis, Clock clock) {
    return new AuditLog(redis, WireCodec.newMapper(), clock);
  }
}
