package io.costfleet.close;

import static io.costfleet.close.StagedPeriod.line;
import static org.assertj.core.api.Assertions.assertThat;

import io.costfleet.close.reconcile.GroundTruthTotals;
import io.costfleet.close.reconcile.ReconciliationReport;
import io.costfleet.model.CostRecord;
import io.costfleet.staging.ParquetRecordReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated three-provider period closed end to end, against totals computed by hand (see the
 * comments next to each figure).
 */
class PeriodCloseAcceptanceTest {
  static final YearMonth OCT = ThreeProviderPeriod.OCT;
  static final String RULES = ThreeProviderPeriod.RULES;

  @TempDir Path root;
  StagedPeriod staged;
  Path rules;

  @BeforeEach
  void stage() throws IOException {
    staged = ThreeProviderPeriod.stage(root);
    rules = root.resolve("rules.yaml");
  }

  CloseResult close() {
    return new PeriodClose().close(OCT, CloseOptions.of(root, rules));
  }

  static Map<String, BigDecimal> effectiveByCostCenter(CloseSummary s) {
    Map<String, BigDecimal> out = new TreeMap<>();
    s.costCenters().forEach(c -> out.put(c.costCenter(), c.effectiveCost()));
    return out;
  }

  @Test
  void totalsPerCostCenterMatchTheHandComputedFigures() throws Exception {
    CloseResult result = close();
    assertThat(result).isInstanceOf(CloseResult.Passed.class);
    CloseSummary s = ((CloseResult.Passed) result).summary();

    // direct compute (effective): cc-web = AWS r1 v2 90.00 + GCP web-prod 60.00 + Azure rg-web 30.00 = 180.00; cc-data = 50.00
    // NAT 10.00 by 180:50 → cc-web 7.826… → 7.82 (+1 penny, larger remainder .61 vs .39) = 7.83, cc-data 2.17
    // support 100.00 by 1:2 → 33.333… → 33.33 (rem .33), 66.666… → 66.66 (rem .67, gets the penny) = 66.67
    // shared-db 10.00 by 1:1:1 → 3.33 each + 1 penny to the first name on an equal remainder: cc-data 3.34
    assertThat(effectiveByCostCenter(s)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "cc-web", new BigDecimal("224.49"),       // 90 + 60 + 30 + 7.83 + 33.33 + 3.33
        "cc-data", new BigDecimal("174.52"),      // 50 + 12.34 + 40 + 2.17 + 66.67 + 3.34
        "cc-ml", new BigDecimal("28.33"),         // 25 + 3.33
        "unallocated", new BigDecimal("7.77")));
    // billed differs from effective only on r1 (100.00 vs 90.00); the driver weighs effective compute spend, so billed
    // NAT cost splits by the same 180:50 weights.
    Map<String, BigDecimal> billed = new TreeMap<>();
    s.costCenters().forEach(c -> billed.put(c.costCenter(), c.billedCost()));
    assertThat(billed).containsEntry("cc-web", new BigDecimal("234.49"));
    // the sum over cost centers is the period total to the cent: AWS 195.11 + GCP 100 + Azure 140 = 435.11 effective,
    // 445.11 billed
    assertThat(s.effectiveTotal()).isEqualByComparingTo("435.11");
    assertThat(s.billedTotal()).isEqualByComparingTo("445.11");
    assertThat(s.costCenters().stream().map(CloseSummary.CostCenterTotal::effectiveCost).reduce(BigDecimal.ZERO, BigDecimal::add))
        .isEqualByComparingTo(s.effectiveTotal());
    // business units from the catalogue
    assertThat(s.costCenters()).anySatisfy(c -> {
      assertThat(c.costCenter()).isEqualTo("cc-ml");
      assertThat(c.businessUnit()).isEqualTo("data-platform");
    });
    // dedupe: 13 staged, r1 v1 and the r2 replay dropped, both from aws/cur
    assertThat(s.stagedRecords()).isEqualTo(13);
    assertThat(s.keptRecords()).isEqualTo(11);
    assertThat(s.duplicates()).contains(new CloseSummary.SourceDuplicates("aws", "cur", 8, 6, 2),
        new CloseSummary.SourceDuplicates("gcp", "bigquery", 2, 2, 0));
  }

  @Test
  void everyChargebackRowNamesItsRuleAndVersion() throws Exception {
    close();
    List<Map<String, Object>> rows = query("SELECT x_CostCenter, x_AllocationRule, x_AllocationMethod, x_AllocationVersion, "
        + "ServiceName, CAST(EffectiveCost AS VARCHAR) AS e FROM read_parquet('" + root.resolve("chargeback") + "/**/*.parquet') "
        + "ORDER BY ALL");
    assertThat(rows).allSatisfy(r -> {
      assertThat(r.get("x_AllocationVersion")).isEqualTo("2026.10-1");
      assertThat(r.get("x_AllocationRule")).isNotNull();
    });
    assertThat(rows).anySatisfy(r -> assertThat(r).containsEntry("x_CostCenter", "cc-web")
        .containsEntry("x_AllocationRule", "nat-gateways").containsEntry("x_AllocationMethod", "shared")
        .containsEntry("e", "7.830000000000000000"));
    assertThat(rows).anySatisfy(r -> assertThat(r).containsEntry("x_CostCenter", "cc-data")
        .containsEntry("x_AllocationRule", "tag-project").containsEntry("e", "12.340000000000000000"));
    assertThat(rows).anySatisfy(r -> assertThat(r).containsEntry("x_CostCenter", "cc-web")
        .containsEntry("x_AllocationRule", "azure-rg-web").containsEntry("x_AllocationMethod", "hierarchy"));
    assertThat(rows).anySatisfy(r -> assertThat(r).containsEntry("x_CostCenter", "unallocated")
        .containsEntry("x_AllocationRule", "unallocated").containsEntry("x_AllocationMethod", "unallocated"));
    // partitioned as DESIGN.md says
    assertThat(root.resolve("chargeback/billing_period=2026-10/business_unit=digital/part-00000.parquet")).isRegularFile();
    assertThat(root.resolve("chargeback/billing_period=2026-10/business_unit=data-platform/part-00000.parquet")).isRegularFile();
    assertThat(root.resolve("chargeback/billing_period=2026-10/business_unit=unallocated/part-00000.parquet")).isRegularFile();
  }

  @Test
  void closingTwiceGivesByteIdenticalOutput() throws Exception {
    assertThat(close()).isInstanceOf(CloseResult.Passed.class);
    Map<String, byte[]> first = outputs();
    assertThat(close()).isInstanceOf(CloseResult.Passed.class);
    Map<String, byte[]> second = outputs();
    assertThat(second.keySet()).isEqualTo(first.keySet()).isNotEmpty();
    first.forEach((name, bytes) -> assertThat(second.get(name)).as(name).isEqualTo(bytes));
    assertThat(first.keySet()).anyMatch(n -> n.endsWith(".parquet")).anyMatch(n -> n.endsWith("chargeback.html"));
  }

  @Test
  void aRestatedPartitionChangesExactlyTheAffectedTotals() throws Exception {
    close();
    Map<String, String> before = rowsByKey();
    // GCP restates BigQuery for analytics-prod: 40.00 → 46.50, as generation 1 with its completion manifest; the
    // close must read generation 1 only.
    staged.job("gcp", "bigquery", "billing-1", "usage", 1).page(List.of(
        line("gcp", "billing-1", "analytics-prod", "bq", "2026-10-02", "46.50", "46.50").serviceCategory("Analytics")
            .serviceName("BigQuery").xSourceVersion("2").chargeClass(null).build(),
        line("gcp", "billing-1", "web-prod", "gce", "2026-10-02", "60.00", "60.00").serviceName("Compute Engine").build()))
        .complete();
    CloseResult after = close();
    assertThat(after).isInstanceOf(CloseResult.Passed.class);
    Map<String, String> changed = rowsByKey();
    assertThat(changed.keySet()).isEqualTo(before.keySet());
    Map<String, String> diff = new TreeMap<>();
    changed.forEach((k, v) -> {
      if (!v.equals(before.get(k))) {
        diff.put(k, before.get(k) + " -> " + v);
      }
    });
    assertThat(diff).containsOnlyKeys("cc-data|gcp|BigQuery|2026-10-02|gcp-analytics");
    assertThat(diff.values()).containsExactly("40.000000000000000000 -> 46.500000000000000000");
    assertThat(effectiveByCostCenter(((CloseResult.Passed) after).summary())).containsEntry("cc-data", new BigDecimal("181.02"));
    assertThat(((CloseResult.Passed) after).summary().ignoredJobs()).singleElement()
        .satisfies(i -> assertThat(i.reason()).contains("superseded by generation 1"));
  }

  @Test
  void accountBusinessUnitHintsPlaceOnlyWhatNoRulePlaces() throws Exception {
    // the dispatcher's business-unit hints: AWS 111111111111 → retail catches the one unallocated line (orphan,
    // 7.77); GCP billing-1 → platform changes nothing (the hierarchy rules place all of it); the same account id
    // under another provider and unknown accounts do not match
    CloseResult result = new PeriodClose().close(OCT, CloseOptions.of(root, rules).withAccountBusinessUnits(Map.of(
        "aws", Map.of("111111111111", "retail", "999999999999", "other"),
        "gcp", Map.of("billing-1", "platform"),
        "azure", Map.of("111111111111", "wrong"))));
    assertThat(result).isInstanceOf(CloseResult.Passed.class);
    CloseSummary s = ((CloseResult.Passed) result).summary();
    assertThat(effectiveByCostCenter(s)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "cc-web", new BigDecimal("224.49"),
        "cc-data", new BigDecimal("174.52"),
        "cc-ml", new BigDecimal("28.33"),
        "retail", new BigDecimal("7.77")));
    assertThat(s.costCenters()).filteredOn(c -> c.costCenter().equals("retail")).singleElement()
        .satisfies(c -> assertThat(c.businessUnit()).isEqualTo("retail"));
    assertThat(s.effectiveTotal()).isEqualByComparingTo("435.11");
    List<Map<String, Object>> rows = query("SELECT x_BusinessUnit, x_CostCenter, x_AllocationRule, x_AllocationMethod, "
        + "ServiceName, CAST(EffectiveCost AS VARCHAR) AS e FROM read_parquet('" + root.resolve("chargeback")
        + "/**/*.parquet') WHERE x_AllocationRule = 'account-business-unit'");
    assertThat(rows).singleElement().satisfies(r -> assertThat(r).containsEntry("x_BusinessUnit", "retail")
        .containsEntry("x_CostCenter", "retail").containsEntry("x_AllocationMethod", "hierarchy")
        .containsEntry("ServiceName", "Amazon S3").containsEntry("e", "7.770000000000000000"));
    assertThat(root.resolve("chargeback/billing_period=2026-10/business_unit=unallocated")).doesNotExist();
  }

  @Test
  void aGapOfTwoTenthsOfAPercentFailsReconciliationNamingThePartition() throws Exception {
    // pipeline: AWS 111111111111 billed 100 + 50 + 10 + 25 + 7.77 + 12.34 = 205.11; the provider says 0.2% more
    Path truth = root.resolve("truth.json");
    Files.writeString(truth, """
        {"entries": [
          {"provider": "aws", "account": "111111111111", "period": "2026-10", "dataset": "usage", "currency": "USD",
           "billedCost": 205.52022, "effectiveCost": 195.11, "records": 6, "malformed": 0},
          {"provider": "gcp", "account": "billing-1", "period": "2026-10", "dataset": "usage", "currency": "USD",
           "billedCost": 100.05, "effectiveCost": 100.00, "records": 2, "malformed": 0}
        ]}
        """);
    CloseResult result = new PeriodClose().close(OCT, CloseOptions.of(root, rules)
        .withProviderTotals(List.of(GroundTruthTotals.fromFile(truth))));
    assertThat(result).isInstanceOf(CloseResult.Failed.class);
    CloseResult.Failed f = (CloseResult.Failed) result;
    assertThat(f.partitionsToReextract()).containsExactly("provider=aws/billing_period=2026-10/account=111111111111/dataset=usage");
    assertThat(f.reasons()).singleElement().asString().contains("0.200%").contains("below");
    ReconciliationReport report = ReconciliationReport.read(f.reconciliationReport());
    assertThat(report.status()).isEqualTo("failed");
    assertThat(report.entries()).anySatisfy(e -> {
      assertThat(e.provider()).isEqualTo("gcp");
      assertThat(e.status()).isEqualTo("passed"); // 0.05 of 100.05 = 0.05%
    });
    assertThat(report.entries()).anySatisfy(e -> {
      assertThat(e.provider()).isEqualTo("azure");
      assertThat(e.status()).isEqualTo("unverified");
    });
    assertThat(report.entries()).anySatisfy(e -> {
      assertThat(e.provider()).isEqualTo("aws");
      assertThat(e.billedGap()).isEqualByComparingTo("-0.41022");
      assertThat(e.explanation()).contains("re-extract provider=aws/billing_period=2026-10/account=111111111111/dataset=usage");
    });
    // nothing published
    assertThat(root.resolve("chargeback")).doesNotExist();
    assertThat(root.resolve("reports/2026-10/chargeback.html")).doesNotExist();

    // within 0.1% it passes
    Files.writeString(truth, Files.readString(truth).replace("205.52022", "205.30"));
    assertThat(new PeriodClose().close(OCT, CloseOptions.of(root, rules)
        .withProviderTotals(List.of(GroundTruthTotals.fromFile(truth))))).isInstanceOf(CloseResult.Passed.class);
  }

  @Test
  void writesTheCsvExportAndTheReport() throws Exception {
    close();
    List<String> csv = Files.readAllLines(root.resolve("reports/2026-10/chargeback.csv"), StandardCharsets.UTF_8);
    assertThat(csv.get(0)).startsWith("billing_period,business_unit,cost_center");
    BigDecimal sum = csv.stream().skip(1).map(l -> new BigDecimal(l.substring(l.lastIndexOf(',') + 1)))
        .reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(sum).isEqualByComparingTo("435.11");
    String html = Files.readString(root.resolve("reports/2026-10/chargeback.html"));
    assertThat(html).contains("<h2>Business unit: digital</h2>", "<h2>Business unit: data-platform</h2>", "id=\"chart-cost-center\"",
        "id=\"chart-service\"", "id=\"chart-daily\"", "id=\"chart-unallocated\"", "435.11", "224.49")
        .doesNotContain("<script", "http://", "https://");
  }

  @Test
  void aRuleFileThatDoesNotParseFailsTheCloseNamingTheLine() throws Exception {
    Files.writeString(rules, RULES.replace("driver: compute-spend", "driver: db-usage"));
    CloseResult result = close();
    assertThat(result).isInstanceOf(CloseResult.Failed.class);
    assertThat(((CloseResult.Failed) result).reasons()).singleElement().asString()
        .contains("rules.yaml line 25: unknown driver 'db-usage'");
  }

  private Map<String, String> rowsByKey() throws Exception {
    Map<String, String> out = new TreeMap<>();
    for (Map<String, Object> r : query("SELECT x_CostCenter, x_Provider, ServiceName, CAST(CAST(ChargePeriodStart AS DATE) AS VARCHAR) AS d, "
        + "x_AllocationRule, CAST(EffectiveCost AS VARCHAR) AS e FROM read_parquet('" + root.resolve("chargeback")
        + "/**/*.parquet')")) {
      out.put(r.get("x_CostCenter") + "|" + r.get("x_Provider") + "|" + r.get("ServiceName") + "|" + r.get("d") + "|"
          + r.get("x_AllocationRule"), (String) r.get("e"));
    }
    return out;
  }

  private Map<String, byte[]> outputs() throws IOException {
    Map<String, byte[]> out = new TreeMap<>();
    for (String dir : List.of("chargeback", "reports")) {
      try (Stream<Path> s = Files.walk(root.resolve(dir))) {
        for (Path p : s.filter(Files::isRegularFile).toList()) {
          out.put(root.relativize(p).toString(), Files.readAllBytes(p));
        }
      }
    }
    return out;
  }

  static List<Map<String, Object>> query(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      try (ResultSet rs = s.executeQuery(sql)) {
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        while (rs.next()) {
          Map<String, Object> row = new TreeMap<>();
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
          }
          out.add(row);
        }
        return out;
      }
    }
  }

  static String literal(String s) {
    return ParquetRecordReader.literal(s);
  }
}
