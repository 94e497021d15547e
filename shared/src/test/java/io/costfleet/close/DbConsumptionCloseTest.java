package io.costfleet.close;

import static org.assertj.core.api.Assertions.assertThat;

import io.costfleet.dbtelemetry.DbConsumptionDriver;
import io.costfleet.dbtelemetry.DbTelemetryConfig;
import io.costfleet.dbtelemetry.TelemetryStore;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The db-consumption driver in a real period close: per-component rules, to the cent. */
class DbConsumptionCloseTest {
  @TempDir
  Path root;

  @Test
  void aDatabaseBillIsSplitByComponentAndMeasuredShareToTheCent() throws Exception {
    DbTelemetryConfig config = DbConsumptionPeriod.stage(root);

    CloseResult result = new PeriodClose().close(DbConsumptionPeriod.OCT, CloseOptions.of(root,
        root.resolve("rules.yaml")).withDrivers(DbConsumptionDriver.registry(new TelemetryStore(root), config)));

    assertThat(result).isInstanceOf(CloseResult.Passed.class);
    Map<String, BigDecimal> billed = new TreeMap<>();
    ((CloseResult.Passed) result).summary().costCenters().forEach(c -> billed.put(c.costCenter(), c.billedCost()));
    assertThat(billed).containsExactlyInAnyOrderEntriesOf(DbConsumptionPeriod.EXPECTED);
    String csv = Files.readString(root.resolve("reports/2026-10/chargeback.csv"));
    assertThat(csv).contains("orders-compute").contains("orders-storage").contains("orders-other");
  }

  @Test
  void withoutTheDriverRegisteredTheRulesAreRefused() throws Exception {
    DbConsumptionPeriod.stage(root);

    CloseResult result = new PeriodClose().close(DbConsumptionPeriod.OCT, CloseOptions.of(root,
        root.resolve("rules.yaml")));

    assertThat(result).isInstanceOfSatisfying(CloseResult.Failed.class, f -> assertThat(f.reasons().toString())
        .contains("db-consumption"));
  }
}
