package io.costfleet.close;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.costfleet.dbtelemetry.DbTelemetryConfig;
import io.costfleet.dispatcher.TestConfigs;
import io.costfleet.dispatcher.period.EngineCloser;
import io.costfleet.dispatcher.period.PeriodCloseRequest;
import io.costfleet.dispatcher.period.PeriodCloser;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dispatcher's close hook with database telemetry configured: db-consumption rules close to the cent. */
class DbConsumptionEngineCloserTest {
  @TempDir
  Path root;

  @Test
  void theEngineCloserSplitsADatabaseByItsTelemetry() throws Exception {
    DbTelemetryConfig telemetry = DbConsumptionPeriod.stage(root);
    PeriodCloser closer = EngineCloser.of(TestConfigs.bind(Map.of("costfleet.close.rules-file",
        root.resolve("rules.yaml").toString())).close(), new SimpleMeterRegistry(), Optional.of(telemetry));

    PeriodCloser.Result result = closer.close(new PeriodCloseRequest(DbConsumptionPeriod.OCT, List.of(), root,
        Map.of()));

    assertThat(result).isInstanceOfSatisfying(PeriodCloser.Closed.class, c -> assertThat(c.summary())
        .contains("billed 155.00"));
    String csv = Files.readString(root.resolve("reports/2026-10/chargeback.csv"));
    assertThat(csv).contains("cc-heavy").contains("orders-compute");
    // billed per cost center to the cent, as the engine gives them without the dispatcher
    Map<String, BigDecimal> billed = new TreeMap<>();
    new ObjectMapper().readTree(root.resolve("reports/2026-10/close-summary.json").toFile()).get("costCenters")
        .forEach(c -> billed.put(c.get("costCenter").asText(), new BigDecimal(c.get("billedCost").asText())));
    assertThat(billed.keySet()).isEqualTo(new TreeMap<>(DbConsumptionPeriod.EXPECTED).keySet());
    DbConsumptionPeriod.EXPECTED.forEach((cc, amount) -> assertThat(billed.get(cc)).as(cc).isEqualByComparingTo(amount));
  }

  @Test
  void theStartCheckAcceptsDbConsumptionRulesOnlyWithTelemetryConfigured() throws Exception {
    DbTelemetryConfig telemetry = DbConsumptionPeriod.stage(root);
    var close = TestConfigs.bind(Map.of("costfleet.close.rules-file", root.resolve("rules.yaml").toString())).close();
    EngineCloser.check(close, root, Optional.of(telemetry));
    assertThatThrownBy(() -> EngineCloser.check(close, root, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("costfleet.close.rules-file: rules.yaml line")
        .hasMessageContaining("unknown driver 'db-consumption'");
  }

  @Test
  void withoutTelemetryTheDbConsumptionRulesFailTheClose() throws Exception {
    DbConsumptionPeriod.stage(root);
    PeriodCloser closer = EngineCloser.of(TestConfigs.bind(Map.of("costfleet.close.rules-file",
        root.resolve("rules.yaml").toString())).close(), new SimpleMeterRegistry());

    assertThat(closer.close(new PeriodCloseRequest(DbConsumptionPeriod.OCT, List.of(), root, Map.of())))
        .isInstanceOfSatisfying(PeriodCloser.Failed.class, f -> assertThat(f.reason()).contains("db-consumption"));
  }
}
