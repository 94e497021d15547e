package io.costfleet.dbtelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costfleet.job.Provider;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DbTelemetryConfigTest {
  private static DbEndpoint endpoint(String name, String url, List<DbTenant> tenants) {
    return new DbEndpoint(name, Provider.AWS, "arn:aws:rds:us-east-1:1:db:" + name, url, "cf", "secret", null, null,
        tenants);
  }

  private static DbEndpoint pg(String name, DbTenant... tenants) {
    return endpoint(name, "jdbc:postgresql://db:5432/postgres", List.of(tenants));
  }

  @Test
  void defaultsAndLookups() {
    DbTelemetryConfig config = DbTelemetryConfig.of(List.of(pg("orders", DbTenant.of("cc-a", "a", null, null)),
        endpoint("shop", "jdbc:mariadb://db:3306/", List.of(DbTenant.of("cc-a", "a", null, null)))));

    assertThat(config.unattributedCostCenter()).isEqualTo("unattributed");
    assertThat(config.staleAfter()).isEqualTo(Duration.ofMinutes(45));
    assertThat(config.endpoint("shop").orElseThrow().engine()).isEqualTo(DbEngine.MARIADB);
    assertThat(config.endpointOfResource("ARN:AWS:RDS:US-EAST-1:1:DB:ORDERS")).map(DbEndpoint::name).contains("orders");
    assertThat(config.endpointsOfTenant("cc-a")).hasSize(2);
    assertThat(config.endpoint("orders").orElseThrow().databases()).containsExactly("*");
    assertThat(config.endpoint("orders").orElseThrow().toString()).doesNotContain("secret");
  }

  @Test
  void invalidConfigurationFailsNamingTheKey() {
    assertThatThrownBy(() -> DbTelemetryConfig.of(List.of()))
        .hasMessage("costfleet.db-telemetry.endpoints needs at least one endpoint");
    assertThatThrownBy(() -> DbTelemetryConfig.of(List.of(pg("a"), new DbEndpoint("b", Provider.AWS, null,
        "jdbc:postgresql://x/y", null, null, null, null, null))))
        .hasMessageStartingWith("costfleet.db-telemetry.endpoints[1].resource-id is required");
    assertThatThrownBy(() -> DbTelemetryConfig.of(List.of(endpoint("a", "jdbc:oracle:thin:@x", List.of()))))
        .hasMessageStartingWith("costfleet.db-telemetry.endpoints[0].jdbc-url must start with");
    assertThatThrownBy(() -> DbTelemetryConfig.of(List.of(pg("a b"))))
        .hasMessageStartingWith("costfleet.db-telemetry.endpoints[0].name 'a b' may only hold");
    assertThatThrownBy(() -> DbTelemetryConfig.of(List.of(pg("a"), pg("a"))))
        .hasMessageStartingWith("costfleet.db-telemetry.endpoints[1].name 'a' is used by two endpoints");
    assertThatThrownBy(() -> DbTelemetryConfig.of(List.of(pg("a", DbTenant.of(null, "x", null, null)))))
        .hasMessage("costfleet.db-telemetry.endpoints[0].tenants[0].cost-center is required");
    assertThatThrownBy(() -> DbTelemetryConfig.of(List.of(pg("a", DbTenant.of("cc", null, null, null)))))
        .hasMessageStartingWith("costfleet.db-telemetry.endpoints[0].tenants[0].database, schema or role");
    assertThatThrownBy(() -> DbTelemetryConfig.of(List.of(pg("a", DbTenant.of("unattributed", "x", null, null)))))
        .hasMessageStartingWith("costfleet.db-telemetry.endpoints[0].tenants[0].cost-center 'unattributed'");
    assertThatThrownBy(() -> DbTelemetryConfig.of(List.of(pg("a", new DbTenant("t", "cc-1", "x", null, null, null, null)),
        pg("b", new DbTenant("t", "cc-2", "y", null, null, null, null)))))
        .hasMessageStartingWith("costfleet.db-telemetry.endpoints[1].tenants[0].cost-center 'cc-2' differs");
    assertThatThrownBy(() -> DbTelemetryConfig.of(List.of(new DbEndpoint("a", Provider.AWS, "r",
        "jdbc:postgresql://x/y", null, null, null, ComputeDimension.USER, null))))
        .hasMessageStartingWith("costfleet.db-telemetry.endpoints[0].compute-by=user is for MySQL/MariaDB");
    assertThatThrownBy(() -> new DbTelemetryConfig(List.of(pg("a")), null, Duration.ZERO, null, null, null, null))
        .hasMessageStartingWith("costfleet.db-telemetry.stale-after must be a positive duration");
    assertThatThrownBy(() -> new DbTelemetryConfig(List.of(pg("a")), null, null, new java.math.BigDecimal("1.5"),
        null, null, null)).hasMessageStartingWith("costfleet.db-telemetry.degraded-quota-factor must be in (0, 1]");
  }

  @Test
  void sizesAreParsedLikeSpringDataSize() {
    assertThat(ByteSizes.parse("50GB")).isEqualTo(50L * 1024 * 1024 * 1024);
    assertThat(ByteSizes.parse("512mb")).isEqualTo(512L * 1024 * 1024);
    assertThat(ByteSizes.parse("1.5T")).isEqualTo(1536L * 1024 * 1024 * 1024);
    assertThat(ByteSizes.parse("2KiB")).isEqualTo(2048);
    assertThat(ByteSizes.parse("1048576")).isEqualTo(1048576);
    assertThatThrownBy(() -> ByteSizes.parse("lots")).hasMessageContaining("not a size: 'lots'");
  }

  @Test
  void aPostgresUrlPointsAtAnotherDatabase() {
    assertThat(JdbcConnector.withDatabase("jdbc:postgresql://h:5432/postgres?sslmode=require", "tenant a"))
        .isEqualTo("jdbc:postgresql://h:5432/tenant%20a?sslmode=require");
    assertThat(JdbcConnector.withDatabase("jdbc:postgresql://h1,h2:5433/", "x")).isEqualTo("jdbc:postgresql://h1,h2:5433/x");
    assertThat(JdbcConnector.withDatabase("jdbc:postgresql://h", "x")).isEqualTo("jdbc:postgresql://h/x");
  }

  @Test
  void mysqlDataFilesBelongToTheSchemaOfTheirDirectory() {
    assertThat(MySqlFileNames.schemaOf("/var/lib/mysql/shop@002dprod/orders.ibd", "/var/lib/mysql/"))
        .isEqualTo("shop-prod");
    assertThat(MySqlFileNames.schemaOf("/var/lib/mysql/ibdata1", "/var/lib/mysql/")).isNull();
    assertThat(MySqlFileNames.schemaOf("/elsewhere/x/t.ibd", "/var/lib/mysql/")).isNull();
    assertThat(MySqlFileNames.decode("a@0040b@zz")).isEqualTo("a@b@zz");
  }
}
