package io.costfleet.dbtelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.costfleet.job.Provider;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsumptionReaderTest {
  @TempDir
  Path root;

  private final DbEndpoint endpoint = new DbEndpoint("orders", Provider.AWS, "arn:x", "jdbc:postgresql://h/db", "cf",
      null, null, null, List.of(DbTenant.of("cc-a", "a", null, null), DbTenant.of("cc-b", "b", null, null)));
  private final DbTelemetryConfig config = DbTelemetryConfig.of(List.of(endpoint));

  private static UsageRow stmt(String db, String role, long execUs, long blocks) {
    return new UsageRow(Scope.STATEMENTS, db + role, db, null, role, null, Counters.ZERO, 0,
        new Counters(1, execUs, blocks, 0, 0));
  }

  private static Sample sample(String at, String previous, UsageRow... rows) {
    return new Sample("orders", DbEngine.POSTGRESQL, Instant.parse(at), previous == null ? null : Instant.parse(previous),
        Instant.parse("2026-01-01T00:00:00Z"), "e", false, List.of(rows));
  }

  @Test
  void deltasStraddlingThePeriodEndArePaidForByTime() throws Exception {
    TelemetryStore store = new TelemetryStore(root);
    store.write(sample("2026-11-30T23:00:00Z", null, UsageRow.storage("a", "public", 100)));
    store.write(sample("2026-11-30T23:30:00Z", "2026-11-30T23:00:00Z", stmt("a", "app", 600, 60),
        UsageRow.storage("a", "public", 100), UsageRow.storage("b", "public", 300)));
    // 30 minutes, a third of them in November
    store.write(sample("2026-12-01T00:20:00Z", "2026-11-30T23:50:00Z", stmt("a", "app", 900, 0),
        stmt("b", "app", 300, 30), UsageRow.storage("a", "public", 100), UsageRow.storage("b", "public", 300)));
    store.write(sample("2026-12-01T01:00:00Z", "2026-12-01T00:20:00Z", stmt("b", "app", 999, 0)));

    ConsumptionReader reader = new ConsumptionReader(store, config);
    ResourceConsumption nov = reader.read(endpoint, YearMonth.of(2026, 11));
    ResourceConsumption dec = reader.read(endpoint, YearMonth.of(2026, 12));

    assertThat(nov.samples()).isEqualTo(2);
    assertThat(nov.measure(Component.COMPUTE).get("cc-a")).isEqualByComparingTo("900"); // 600 + 900/3
    assertThat(nov.measure(Component.COMPUTE).get("cc-b")).isEqualByComparingTo("100");
    assertThat(nov.measure(Component.IO).get("cc-b")).isEqualByComparingTo("10");
    assertThat(dec.measure(Component.COMPUTE).get("cc-a")).isEqualByComparingTo("600");
    assertThat(dec.measure(Component.COMPUTE).get("cc-b")).isEqualByComparingTo("1199");
    // storage: bytes x milliseconds of the intervals inside the period
    assertThat(nov.measure(Component.STORAGE).get("cc-a"))
        .isEqualByComparingTo(BigDecimal.valueOf(100L * 30 * 60_000 + 100L * 10 * 60_000));
    assertThat(nov.measure(Component.STORAGE).get("cc-b")).isEqualByComparingTo(BigDecimal.valueOf(300L * 40 * 60_000));
  }

  @Test
  void aPeriodWithOnlyABaselineWeighsStorageByItsSizesAndTheTelemetryRoleIsOverhead() throws Exception {
    TelemetryStore store = new TelemetryStore(root);
    store.write(sample("2026-11-05T10:00:00Z", null, UsageRow.storage("a", "public", 100),
        UsageRow.storage("b", null, 300), UsageRow.storage("postgres", null, 50)));
    store.write(sample("2026-10-31T10:00:00Z", "2026-10-31T09:00:00Z", stmt("a", "cf", 500, 5)));

    ResourceConsumption nov = new ConsumptionReader(store, config).read(endpoint, YearMonth.of(2026, 11));
    ResourceConsumption oct = new ConsumptionReader(store, config).read(endpoint, YearMonth.of(2026, 10));

    assertThat(nov.measure(Component.STORAGE)).containsEntry("cc-a", BigDecimal.valueOf(100))
        .containsEntry("cc-b", BigDecimal.valueOf(300)).containsEntry("unattributed", BigDecimal.valueOf(50));
    assertThat(nov.notes()).anyMatch(n -> n.contains("no interval"));
    assertThat(oct.measure(Component.COMPUTE)).containsOnlyKeys("unattributed");
  }
}
