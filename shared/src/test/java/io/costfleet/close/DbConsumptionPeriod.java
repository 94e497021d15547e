package io.costfleet.close;

import static io.costfleet.close.StagedPeriod.line;

import io.costfleet.dbtelemetry.Counters;
import io.costfleet.dbtelemetry.DbEndpoint;
import io.costfleet.dbtelemetry.DbEngine;
import io.costfleet.dbtelemetry.DbTelemetryConfig;
import io.costfleet.dbtelemetry.DbTenant;
import io.costfleet.dbtelemetry.Sample;
import io.costfleet.dbtelemetry.Scope;
import io.costfleet.dbtelemetry.TelemetryStore;
import io.costfleet.dbtelemetry.UsageRow;
import io.costfleet.job.Provider;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

/**
 * October 2026 of one RDS database with two tenants: telemetry (compute 900:100 µs, storage 3:1) and
 * staged line items (instance 100.00, storage 40.00, data transfer 10.00) plus a tagged 5.00 line, and
 * rules with one db-consumption rule per component. Expected: cc-heavy 128.50, cc-light 21.50,
 * cc-web 5.00 (transfer by the blend over what was measured: (0.6 × 0.9 + 0.3 × 0.75) / 0.9 = 0.85).
 */
final class DbConsumptionPeriod {
  static final YearMonth OCT = YearMonth.of(2026, 10);
  static final String RESOURCE = "arn:aws:rds:us-east-1:111111111111:db:orders";
  static final Map<String, BigDecimal> EXPECTED = Map.of("cc-heavy", new BigDecimal("128.50"),
      "cc-light", new BigDecimal("21.50"), "cc-web", new BigDecimal("5.00"));

  private DbConsumptionPeriod() {}

  /** Stages the period under {@code root} (rules in {@code root/rules.yaml}); returns the telemetry configuration. */
  static DbTelemetryConfig stage(Path root) throws IOException {
    DbTelemetryConfig config = DbTelemetryConfig.of(List.of(new DbEndpoint("orders", Provider.AWS, RESOURCE,
        "jdbc:postgresql://orders/postgres", "cf", null, null, null, List.of(
            DbTenant.of("cc-heavy", "heavy_db", null, null), DbTenant.of("cc-light", "light_db", null, null)))));
    TelemetryStore store = new TelemetryStore(root);
    Instant t0 = Instant.parse("2026-10-10T00:00:00Z");
    Instant t1 = Instant.parse("2026-10-10T01:00:00Z");
    List<UsageRow> storage = List.of(UsageRow.storage("heavy_db", "public", 300), UsageRow.storage("light_db",
        "public", 100));
    store.write(new Sample("orders", DbEngine.POSTGRESQL, t0, null, t0.minusSeconds(86_400), "e", false, storage));
    store.write(new Sample("orders", DbEngine.POSTGRESQL, t1, t0, t0.minusSeconds(86_400), "e", false,
        List.of(statements("heavy_db", 900), statements("light_db", 100), storage.get(0), storage.get(1))));
    Files.writeString(root.resolve("rules.yaml"), """
        version: db-v1
        tags:
          - { name: cc, key: cost_center }
        shared:
          - name: orders-compute
            match: { resource_id: "arn:aws:rds:*:db:orders", usage_type: ["*InstanceUsage*", "*Multi-AZUsage*"] }
            driver: db-consumption
            component: compute
          - name: orders-storage
            match: { resource_id: "arn:aws:rds:*:db:orders", usage_type: ["*Storage*", "*Backup*"] }
            driver: db-consumption
            component: storage
          - name: orders-other
            match: { resource_id: "arn:aws:rds:*:db:orders" }
            driver: db-consumption
            blend: { compute: 0.6, storage: 0.3, io: 0.1 }
        """);
    String acct = "111111111111";
    new StagedPeriod(root, OCT).job("aws", "cur", acct, "usage", 0).page(List.of(
        line("aws", acct, acct, "c", "2026-10-10", "100.00", "100.00").resourceId(RESOURCE)
            .xUsageType("USE1-InstanceUsage:db.r6g.large").serviceCategory("Databases").build(),
        line("aws", acct, acct, "s", "2026-10-10", "40.00", "40.00").resourceId(RESOURCE)
            .xUsageType("USE1-RDS:GP3-Storage").serviceCategory("Databases").build(),
        line("aws", acct, acct, "t", "2026-10-10", "10.00", "10.00").resourceId(RESOURCE)
            .xUsageType("USE1-DataTransfer-Out-Bytes").serviceCategory("Databases").build(),
        line("aws", acct, acct, "x", "2026-10-10", "5.00", "5.00").tag("cost_center", "cc-web").build())).complete();
    return config;
  }

  private static UsageRow statements(String database, long execUs) {
    return new UsageRow(Scope.STATEMENTS, database, database, null, "app", null, Counters.ZERO, 0,
        new Counters(10, execUs, 0, 0, 0));
  }
}
