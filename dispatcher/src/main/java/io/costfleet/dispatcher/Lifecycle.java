package io.costfleet.dispatcher;

import com.rabbitmq.client.Channel;
import io.costfleet.dispatcher.amqp.AmqpConnections;
import io.costfleet.dispatcher.amqp.EventConsumer;
import io.costfleet.dispatcher.config.DispatcherConfig;
import io.costfleet.dispatcher.config.FleetCatalog;
import io.costfleet.dispatcher.dbtelemetry.DbTelemetryMapping;
import io.costfleet.dispatcher.period.EngineCloser;
import io.costfleet.job.Provider;
import io.costfleet.job.Topology;
import io.costfleet.job.TopologyDeclarer;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Start-up in order: validate the catalog (a bad configuration fails here, before any connection), declare the
 * topology, start consuming events, and say what runs (never a credential).
 */
@ApplicationScoped
public class Lifecycle {
  private static final Logger LOG = Logger.getLogger(Lifecycle.class);

  private final DispatcherConfig config;
  private final FleetCatalog catalog;
  private final AmqpConnections amqp;
  private final Topology topology;
  private final EventConsumer consumer;
  private final DbTelemetryMapping dbTelemetry;

  public Lifecycle(DispatcherConfig config, FleetCatalog catalog, AmqpConnections amqp, Topology topology,
      EventConsumer consumer, DbTelemetryMapping dbTelemetry) {
    this.config = config;
    this.dbTelemetry = dbTelemetry;
    this.catalog = catalog;
    this.amqp = amqp;
    this.topology = topology;
    this.consumer = consumer;
  }

  void onStart(@Observes @Priority(10) StartupEvent event) throws IOException {
    int accounts = catalog.allAccounts().size();
    try {
      config.redis().toShared();
      EngineCloser.check(config.close(), Path.of(config.storage().root()), dbTelemetry.toShared());
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("invalid dispatcher configuration:\n  " + e.getMessage());
    }
    try (Channel ch = amqp.openChannel()) {
      new TopologyDeclarer(topology).declare(ch, EnumSet.allOf(Provider.class));
      EventConsumer.declare(ch, topology);
    } catch (TimeoutException e) {
      throw new IOException(e);
    }
    consumer.ensureRunning();
    LOG.infof("dispatcher %s: namespace %s, RabbitMQ %s:%d vhost %s%s, Redis %s:%d prefix %s, providers %s"
            + " (%d accounts), daily '%s', month-end '%s', storage %s, close %s", DispatcherBeans.instanceName(),
        topology.namespace(), config.rabbitmq().host(), config.rabbitmq().port(), config.rabbitmq().virtualHost(),
        config.rabbitmq().tls() ? " (TLS)" : "", config.redis().host(), config.redis().port(), config.redis().keyPrefix(),
        catalog.providers().stream().map(Provider::code).collect(Collectors.joining(",", "[", "]")), accounts,
        config.schedules().daily().cron(), config.schedules().monthEnd().cron(), config.storage().root(),
        config.close().rulesFile().map(r -> "by the engine with rules " + r)
            .orElse("logged only (no costfleet.close.rules-file)"));
  }
}
