package io.costfleet.dispatcher.quota;

import com.rabbitmq.client.AMQP;
import io.costfleet.close.allocation.AllocationRules;
import io.costfleet.close.allocation.DriverRegistry;
import io.costfleet.close.allocation.RuleFileException;
import io.costfleet.close.currency.RateTable;
import io.costfleet.degrade.Attribution;
import io.costfleet.degrade.DegradationDetector;
import io.costfleet.degrade.LastGood;
import io.costfleet.degrade.RedisLastGoodStore;
import io.costfleet.degrade.RuleAttribution;
import io.costfleet.degrade.SpendAggregator;
import io.costfleet.degrade.SqliteLastGoodStore;
import io.costfleet.degrade.TagAttribution;
import io.costfleet.dispatcher.amqp.ConfirmingPublisher;
import io.costfleet.dispatcher.config.DispatcherConfig;
import io.costfleet.dispatcher.config.FleetCatalog;
import io.costfleet.job.Provider;
import io.costfleet.job.Topology;
import io.costfleet.job.WireCodec;
import io.costfleet.quota.BudgetMonitor;
import io.costfleet.quota.QuotaEngine;
import io.costfleet.quota.RedisBreachGuard;
import io.costfleet.quota.WebhookNotifier;
import io.costfleet.redis.RedisCoordination;
import io.costfleet.resilience.CircuitBreakerConfig;
import io.costfleet.resilience.CircuitBreakerMetrics;
import io.costfleet.resilience.RedisCircuitBreaker;
import io.costfleet.staging.StagingLayout;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/** Wires degraded reads, quota decisions and budget checks from {@code costfleet.quota.*} and {@code costfleet.budgets.*}. */
@ApplicationScoped
public class QuotaBeans {
  private static final Logger LOG = Logger.getLogger(QuotaBeans.class);

  /**
   * Fails the start naming the key when the quota or budget configuration, the rule or rate file, or the local
   * cache is wrong: before the dispatcher connects to anything (the topology is declared at priority 10).
   */
  void onStart(@Observes @Priority(5) StartupEvent event, QuotaSettings settings, SqliteLastGoodStore localCache,
      SpendAggregator aggregator, DispatcherConfig config) {
    LOG.infof("quota: %d cost-center and %d business-unit budget(s) in %s, stale after %s, %d webhook(s), snapshots"
            + " attributed by %s, local cache %s", settings.budgets().costCenters().size(),
        settings.budgets().businessUnits().size(), settings.budgets().currency(), settings.staleAfter(),
        settings.webhooks().size(), config.close().rulesFile().map(f -> "the rules in " + f).orElse("tag"),
        localCache.file());
  }

  @Produces
  @Singleton
  QuotaSettings settings(QuotaConfig quota, BudgetsConfig budgets, DispatcherConfig config) {
    try {
      return QuotaSettings.from(quota, budgets, config.close().baseCurrency());
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("invalid quota configuration:\n  " + e.getMessage());
    }
  }

  @Produces
  @Singleton
  QuotaMetrics quotaMetrics(MeterRegistry registry) {
    return new QuotaMetrics(registry);
  }

  @Produces
  @Singleton
  CircuitBreakerMetrics circuitMetrics(MeterRegistry registry) {
    CircuitBreakerMetrics metrics = new CircuitBreakerMetrics();
    metrics.bindTo(registry);
    return metrics;
  }

  @Produces
  @Singleton
  SqliteLastGoodStore localCache(QuotaConfig quota, DispatcherConfig config) {
    Path file = Path.of(quota.localCache().orElse(Path.of(System.getProperty("java.io.tmpdir"), "costfleet",
        "lastgood-" + config.topology().namespace() + ".db").toString()));
    try {
      return SqliteLastGoodStore.open(file);
    } catch (RuntimeException e) {
      throw new ConfigurationException("costfleet.quota.local-cache: " + e.getMessage());
    }
  }

  void closeLocalCache(@Disposes SqliteLastGoodStore store) {
    store.close();
  }

  @Produces
  @Singleton
  LastGood lastGood(RedisCoordination redis, SqliteLastGoodStore local) {
    return new LastGood(new RedisLastGoodStore(redis), local);
  }

  @Produces
  @Singleton
  SpendAggregator aggregator(DispatcherConfig config, QuotaConfig quota, FleetCatalog catalog, Clock clock) {
    DispatcherConfig.CloseConfig close = config.close();
    Attribution attribution;
    if (close.rulesFile().isPresent()) {
      try {
        attribution = new RuleAttribution(AllocationRules.load(Path.of(close.rulesFile().get()),
            DriverRegistry.builtins()));
      } catch (RuleFileException | IOException e) {
        throw new ConfigurationException("costfleet.close.rules-file: " + e.getMessage());
      }
    } else {
      Map<String, String> units = new HashMap<>();
      catalog.allAccounts().forEach(a -> a.businessUnit().ifPresent(bu -> units.put(a.provider().code() + ":" + a.id(),
          bu)));
      attribution = new TagAttribution(quota.costCenterTag(), quota.unattributedCostCenter(), units);
    }
    RateTable rates = null;
    if (close.ratesFile().isPresent()) {
      try {
        rates = RateTable.load(Path.of(close.ratesFile().get()));
      } catch (IOException | IllegalArgumentException e) {
        throw new ConfigurationException("costfleet.close.rates-file: " + e.getMessage());
      }
    }
    return new SpendAggregator(new StagingLayout(Path.of(config.storage().root())), attribution,
        new SpendAggregator.Settings(close.datasets().orElse(null), close.baseCurrency(), rates), clock);
  }

  @Produces
  @Singleton
  DegradationDetector detector(RedisCoordination redis, QuotaSettings settings, CircuitBreakerMetrics circuits,
      Clock clock) {
    // only reads the circuits the workers write (state.lua); the configuration only matters for calls
    return new DegradationDetector(new RedisCircuitBreaker(redis, CircuitBreakerConfig.ofDefaults(), List.of(circuits)),
        settings.staleAfter(), clock);
  }

  /** What the fleet extracts: the enabled providers' sources (circuit endpoints) and accounts. */
  static DegradationDetector.Fleet fleet(FleetCatalog catalog) {
    Map<Provider, Set<String>> endpoints = new EnumMap<>(Provider.class);
    Map<Provider, Set<String>> accounts = new EnumMap<>(Provider.class);
    for (Provider p : catalog.providers()) {
      if (catalog.disabled(p)) {
        continue;
      }
      for (FleetCatalog.Account a : catalog.accounts(p)) {
        endpoints.computeIfAbsent(p, k -> new TreeSet<>()).addAll(a.sources().keySet());
        accounts.computeIfAbsent(p, k -> new TreeSet<>()).add(a.id());
      }
    }
    return new DegradationDetector.Fleet(endpoints, accounts);
  }

  @Produces
  @Singleton
  WebhookNotifier webhooks(QuotaSettings settings, MeterRegistry registry) {
    return new WebhookNotifier(settings.webhooks(), settings.webhookRetry(), WireCodec.newMapper(), registry);
  }

  void closeWebhooks(@Disposes WebhookNotifier webhooks) {
    webhooks.close();
  }

  @Produces
  @Singleton
  BudgetMonitor budgetMonitor(QuotaSettings settings, RedisCoordination redis, ConfirmingPublisher publisher,
      Topology topology, WireCodec codec, DispatcherConfig config, WebhookNotifier webhooks, Clock clock) {
    Duration confirmTimeout = config.enqueue().confirmTimeout();
    BudgetMonitor.EventSink sink = event -> {
      var outcome = publisher.await(publisher.publish(topology.eventsExchange(), event.routingKey(), false,
          new AMQP.BasicProperties.Builder().contentType(WireCodec.CLOUDEVENTS_CONTENT_TYPE).deliveryMode(2)
              .messageId(event.id()).build(), codec.encode(event)), confirmTimeout);
      if (!outcome.ok()) {
        throw new IllegalStateException("event " + event.id() + " not taken by the broker: " + outcome);
      }
      webhooks.send(event);
    };
    return new BudgetMonitor(settings.budgets(), settings.policy().forecastWindowDays(), new RedisBreachGuard(redis),
        sink, codec.mapper(), clock);
  }

  @Produces
  @Singleton
  QuotaService quotaService(LastGood lastGood, DegradationDetector detector, FleetCatalog catalog,
      QuotaSettings settings, BudgetMonitor monitor, QuotaMetrics metrics, Clock clock) {
    DegradationDetector.Fleet fleet = fleet(catalog);
    return new QuotaService(lastGood, detector, () -> fleet, new QuotaEngine(settings.budgets(), settings.policy()),
        monitor, metrics, clock);
  }

  @Produces
  @Singleton
  LastGoodRefresher refresher(SpendAggregator aggregator, LastGood lastGood, QuotaService quota,
      DispatcherConfig config, WireCodec codec) {
    List<String> datasets = config.close().datasets().orElse(List.of("focus", "amortized", "usage"));
    return new LastGoodRefresher(aggregator, lastGood, datasets, quota::refresh, codec.mapper(), Duration.ofSeconds(30));
  }

  void closeRefresher(@Disposes LastGoodRefresher refresher) {
    refresher.close();
  }
}
