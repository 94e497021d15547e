package io.costfleet.close;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costfleet.dispatcher.TestConfigs;
import io.costfleet.dispatcher.config.DispatcherConfig;
import io.costfleet.dispatcher.period.EngineCloser;
import io.costfleet.dispatcher.period.PeriodCloseRequest;
import io.costfleet.dispatcher.period.PeriodCloser;
import io.costfleet.job.Provider;
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

/**
 * The dispatcher's close hook running the real close engine over the close acceptance tests' staged
 * three-provider period (in this package to reuse {@link ThreeProviderPeriod} from the shared test jar).
 */
class DispatcherEngineCloserTest {
  @TempDir
  Path root;

  private DispatcherConfig config(Map<String, String> close) {
    return TestConfigs.bind(close);
  }

  @Test
  void aPeriodIsClosedByTheEngineWithTheConfiguredRules() throws Exception {
    ThreeProviderPeriod.stage(root);
    PeriodCloser closer = EngineCloser.of(config(Map.of("costfleet.close.rules-file",
        root.resolve("rules.yaml").toString())).close(), new SimpleMeterRegistry());
    PeriodCloser.Result result = closer.close(new PeriodCloseRequest(ThreeProviderPeriod.OCT, List.of(), root,
        Map.of()));
    assertThat(result).isInstanceOfSatisfying(PeriodCloser.Closed.class, c -> assertThat(c.summary())
        .contains("11 records kept (2 duplicates dropped)").contains("billed 445.11").contains("effective 435.11")
        .contains("rules 2026.10-1").contains("chargeback.html"));
    assertThat(root.resolve("reports/2026-10/close-summary.json")).exists();
    try (var parts = Files.walk(root.resolve("chargeback/billing_period=2026-10"))) {
      assertThat(parts.filter(p -> p.toString().endsWith(".parquet")).count()).isPositive();
    }
  }

  @Test
  void aCloseTheEngineRefusesIsAFailedCloseWithItsReasons() throws Exception {
    ThreeProviderPeriod.stage(root);
    Path bad = root.resolve("bad-rules.yaml");
    Files.writeString(bad, "version: \"1\"\nshared:\n  - name: x\n    match: {service: \"*\"}\n    driver: db-usage\n");
    PeriodCloser closer = EngineCloser.of(config(Map.of("costfleet.close.rules-file", bad.toString())).close(),
        new SimpleMeterRegistry());
    PeriodCloser.Result result = closer.close(new PeriodCloseRequest(ThreeProviderPeriod.OCT, List.of(), root,
        Map.of()));
    assertThat(result).isInstanceOfSatisfying(PeriodCloser.Failed.class, f -> assertThat(f.reason())
        .contains("db-usage"));
    assertThat(root.resolve("reports/2026-10/close-summary.json")).doesNotExist();
  }

  @Test
  void theAccountsBusinessUnitHintsPlaceWhatNoRulePlaces() throws Exception {
    ThreeProviderPeriod.stage(root);
    PeriodCloser closer = EngineCloser.of(config(Map.of("costfleet.close.rules-file",
        root.resolve("rules.yaml").toString())).close(), new SimpleMeterRegistry());
    // costfleet.providers.aws.accounts.111111111111.business-unit=retail: the untagged S3 line (7.77) no rule places
    PeriodCloser.Result result = closer.close(new PeriodCloseRequest(ThreeProviderPeriod.OCT, List.of(), root,
        Map.of(Provider.AWS, Map.of("111111111111", "retail"))));
    assertThat(result).isInstanceOf(PeriodCloser.Closed.class);
    JsonNode summary = new ObjectMapper().readTree(root.resolve("reports/2026-10/close-summary.json").toFile());
    Map<String, BigDecimal> effective = new TreeMap<>();
    summary.get("costCenters").forEach(c -> effective.put(c.get("businessUnit").asText() + "/" + c.get("costCenter").asText(),
        new BigDecimal(c.get("effectiveCost").asText())));
    assertThat(effective).doesNotContainKey("unallocated/unallocated");
    assertThat(effective.get("retail/retail")).isEqualByComparingTo("7.77");
    assertThat(effective.get("digital/cc-web")).isEqualByComparingTo("224.49");
  }

  @Test
  void aRuleFileThatDoesNotParseFailsTheStartCheckNamingTheKeyAndLine() throws Exception {
    Path bad = root.resolve("bad-rules.yaml");
    Files.writeString(bad, "version: \"1\"\nshared:\n  - name: x\n    match: {service: \"*\"}\n    driver: db-usage\n");
    assertThatThrownBy(() -> EngineCloser.check(config(Map.of("costfleet.close.rules-file", bad.toString())).close(),
        root, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("costfleet.close.rules-file: bad-rules.yaml line 5: unknown driver 'db-usage'");
    ThreeProviderPeriod.stage(root);
    EngineCloser.check(config(Map.of("costfleet.close.rules-file", root.resolve("rules.yaml").toString())).close(),
        root, Optional.empty());
  }

  @Test
  void aMissingRuleFileIsNamedByItsKey() {
    assertThatThrownBy(() -> EngineCloser.check(config(Map.of("costfleet.close.rules-file",
        root.resolve("nope.yaml").toString())).close()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("costfleet.close.rules-file: no such file");
  }
}
