package io.costfleet.close;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costfleet.dbtelemetry.DbTelemetryConfig;
import io.costfleet.dispatcher.TestConfigs;
import io.costfleet.dispatcher.period.EngineCloser;
import io.costfleet.dispatcher.period.PeriodCloseRequest;
import io.costfleet.dispatcher.period.PeriodCloser;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    DbConsumptionPeriod.EXPECTED.forEach((cc, amount) -> assertThat(csv).contains(cc));
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
