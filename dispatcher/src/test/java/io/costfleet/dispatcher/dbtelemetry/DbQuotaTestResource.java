package io.costfleet.dispatcher.dbtelemetry;

import io.costfleet.dbtelemetry.Counters;
import io.costfleet.dbtelemetry.DbEngine;
import io.costfleet.dbtelemetry.Sample;
import io.costfleet.dbtelemetry.Scope;
import io.costfleet.dbtelemetry.TelemetryStore;
import io.costfleet.dbtelemetry.UsageRow;
import io.costfleet.dispatcher.TestConfigs;
import io.costfleet.dispatcher.amqp.EventConsumer;
import io.costfleet.job.Topology;
import io.costfleet.job.TopologyDeclarer;
import io.costfleet.testing.Amqp;
import io.costfleet.testing.RedisNamespace;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A dispatcher with two database endpoints and their telemetry already in its storage root:
 * {@code orders-pg} sampled five minutes ago (tenants {@code heavy}, {@code light}), {@code legacy-pg}
 * last sampled two hours ago (tenant {@code archive}). Private namespace, Redis prefix and storage root,
 * all removed afterwards.
 */
public class DbQuotaTestResource implements QuarkusTestResourceLifecycleManager {
  static final long HEAVY_BYTES = 30_000_000;
  static final long HEAVY_EXEC_US = 7_200_000_000L; // two hours of statements

  private Topology topology;
  private RedisNamespace redis;
  private Path storage;

  @Override
  public Map<String, String> start() {
    topology = Amqp.privateTopology();
    redis = RedisNamespace.create();
    try {
      storage = Files.createTempDirectory("cftest-dbquota-");
      writeTelemetry(new TelemetryStore(storage));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> config = new HashMap<>(TestConfigs.fleet(1));
    config.put("costfleet.api.token", TestConfigs.TOKEN);
    config.put("costfleet.topology.namespace", topology.namespace());
    config.put("costfleet.redis.key-prefix", redis.prefix());
    config.put("costfleet.schedules.daily.cron", "off");
    config.put("costfleet.schedules.month-end.cron", "off");
    config.put("costfleet.storage.root", storage.toString());
    String e = "costfleet.db-telemetry.endpoints[0].";
    config.put(e + "name", "orders-pg");
    config.put(e + "provider", "aws");
    config.put(e + "resource-id", "arn:aws:rds:us-east-1:123456789012:db:orders-pg");
    config.put(e + "jdbc-url", "jdbc:postgresql://orders.example:5432/postgres");
    config.put(e + "username", "costfleet_telemetry");
    config.put(e + "tenants[0].name", "heavy");
    config.put(e + "tenants[0].cost-center", "cc-heavy");
    config.put(e + "tenants[0].database", "tenant_heavy");
    config.put(e + "tenants[0].storage-quota", "100MB");
    config.put(e + "tenants[0].compute-quota", "3h");
    config.put(e + "tenants[1].name", "light");
    config.put(e + "tenants[1].cost-center", "cc-light");
    config.put(e + "tenants[1].database", "tenant_light");
    config.put(e + "tenants[1].storage-quota", "1KB");
    String l = "costfleet.db-telemetry.endpoints[1].";
    config.put(l + "name", "legacy-pg");
    config.put(l + "provider", "aws");
    config.put(l + "resource-id", "arn:aws:rds:us-east-1:123456789012:db:legacy-pg");
    config.put(l + "jdbc-url", "jdbc:postgresql://legacy.example:5432/postgres");
    config.put(l + "tenants[0].name", "archive");
    config.put(l + "tenants[0].cost-center", "cc-archive");
    config.put(l + "tenants[0].database", "archive");
    config.put(l + "tenants[0].storage-quota", "100MB");
    config.put("costfleet.db-telemetry.stale-after", "30m");
    config.put("costfleet.db-telemetry.sample-every", "off");
    return config;
  }

  private static void writeTelemetry(TelemetryStore store) throws IOException {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant start = now.minus(Duration.ofDays(40));
    // a baseline long ago, then one sample five minutes ago whose delta lies in this month and the last
    Instant recent = now.minus(Duration.ofMinutes(5));
    Instant previous = recent.minus(Duration.ofMinutes(15)).isAfter(monthStart(recent))
        ? recent.minus(Duration.ofMinutes(15)) : monthStart(recent).plusSeconds(1);
    store.write(sample("orders-pg", previous, null, start, 0, 0));
    store.write(sample("orders-pg", recent, previous, start, HEAVY_EXEC_US, 10_000_000));
    Instant old = now.minus(Duration.ofHours(2));
    store.write(new Sample("legacy-pg", DbEngine.POSTGRESQL, old, null, start, "e", false,
        List.of(UsageRow.storage("archive", null, 5_000_000))));
  }

  private static Instant monthStart(Instant t) {
    return java.time.YearMonth.from(t.atZone(java.time.ZoneOffset.UTC)).atDay(1).atStartOfDay(java.time.ZoneOffset.UTC)
        .toInstant();
  }

  private static Sample sample(String endpoint, Instant at, Instant previous, Instant started, long heavyUs,
      long lightUs) {
    return new Sample(endpoint, DbEngine.POSTGRESQL, at, previous, started, "e", false, List.of(
        new UsageRow(Scope.STATEMENTS, "1", "tenant_heavy", null, "heavy_app", null, Counters.ZERO, 0,
            new Counters(100, heavyUs, 10, 0, 0)),
        new UsageRow(Scope.STATEMENTS, "2", "tenant_light", null, "light_app", null, Counters.ZERO, 0,
            new Counters(10, lightUs, 1, 0, 0)),
        UsageRow.storage("tenant_heavy", "public", HEAVY_BYTES),
        UsageRow.storage("tenant_light", "public", 2_000_000)));
  }

  @Override
  public void stop() {
    try (var c = Amqp.connect(); var ch = c.createChannel()) {
      EventConsumer.delete(ch, topology);
      new TopologyDeclarer(topology).delete(ch);
    } catch (Exception e) {
      throw new IllegalStateException("could not delete test topology " + topology.namespace(), e);
    } finally {
      redis.close();
      try (Stream<Path> files = Files.walk(storage)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
