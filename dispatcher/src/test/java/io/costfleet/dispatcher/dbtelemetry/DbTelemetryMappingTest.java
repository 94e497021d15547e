package io.costfleet.dispatcher.dbtelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costfleet.dbtelemetry.DbTelemetryConfig;
import io.costfleet.dispatcher.TestConfigs;
import io.costfleet.dispatcher.config.DispatcherConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code costfleet.db-telemetry.*} binds beside the dispatcher's own {@code costfleet.*} mapping. */
class DbTelemetryMappingTest {
  private static SmallRyeConfig config(Map<String, String> properties) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("costfleet.api.token", TestConfigs.TOKEN);
    all.putAll(properties);
    return new SmallRyeConfigBuilder()
        .withMapping(DispatcherConfig.class)
        .withMapping(DbTelemetryMapping.class)
        .withConverter(Duration.class, 200, new DurationConverter())
        .withSources(new PropertiesConfigSource(all, "test", 500))
        .build();
  }

  private static Map<String, String> endpoint() {
    Map<String, String> p = new LinkedHashMap<>();
    String e = "costfleet.db-telemetry.endpoints[0].";
    p.put(e + "name", "orders");
    p.put(e + "provider", "aws");
    p.put(e + "resource-id", "arn:aws:rds:us-east-1:123456789012:db:orders");
    p.put(e + "jdbc-url", "jdbc:postgresql://orders:5432/postgres");
    p.put(e + "tenants[0].cost-center", "cc-payments");
    p.put(e + "tenants[0].database", "payments");
    p.put(e + "tenants[0].storage-quota", "50GB");
    p.put(e + "tenants[0].compute-quota", "200h");
    p.put(e + "tenants[1].name", "search");
    p.put(e + "tenants[1].cost-center", "cc-search");
    p.put(e + "tenants[1].role", "search_rw");
    p.put("costfleet.db-telemetry.stale-after", "20m");
    return p;
  }

  @Test
  void endpointsAndTenantsBindWithTheirQuotas() {
    DbTelemetryConfig c = config(endpoint()).getConfigMapping(DbTelemetryMapping.class).toShared().orElseThrow();

    assertThat(c.staleAfter()).isEqualTo(Duration.ofMinutes(20));
    var orders = c.endpoint("orders").orElseThrow();
    assertThat(orders.tenant("cc-payments").orElseThrow().storageQuotaBytes()).isEqualTo(50L << 30);
    assertThat(orders.tenant("cc-payments").orElseThrow().computeQuota()).isEqualTo(Duration.ofHours(200));
    assertThat(orders.tenant("search").orElseThrow().role()).isEqualTo("search_rw");
  }

  @Test
  void withoutEndpointsThereIsNothingToCheck() {
    assertThat(config(Map.of()).getConfigMapping(DbTelemetryMapping.class).toShared()).isEmpty();
  }

  @Test
  void aBadValueNamesItsKey() {
    Map<String, String> p = endpoint();
    p.put("costfleet.db-telemetry.endpoints[0].tenants[1].storage-quota", "plenty");
    DbTelemetryMapping mapping = config(p).getConfigMapping(DbTelemetryMapping.class);
    assertThatThrownBy(mapping::toShared)
        .hasMessageStartingWith("costfleet.db-telemetry.endpoints[0].tenants[1].storage-quota: not a size");

    p.remove("costfleet.db-telemetry.endpoints[0].tenants[1].storage-quota");
    p.remove("costfleet.db-telemetry.endpoints[0].resource-id");
    DbTelemetryMapping missing = config(p).getConfigMapping(DbTelemetryMapping.class);
    assertThatThrownBy(missing::toShared)
        .hasMessageStartingWith("costfleet.db-telemetry.endpoints[0].resource-id is required");
  }
}
