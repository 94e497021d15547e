package io.costfleet.close;

import static org.assertj.core.api.Assertions.assertThat;

import io.costfleet.focus.FocusConformance;
import io.costfleet.focus.FocusConformance.Status;
import io.costfleet.testing.Samples;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The staged and chargeback outputs of a close against the FOCUS validator's 1.2 rule model. */
class FocusConformanceTest {
  static final Set<String> CAPABILITIES = Set.of("SUB_ACCOUNT_SUPPORTED", "REGION_SUPPORTED", "TAGGING_SUPPORTED",
      "USAGE_MEASUREMENT_SUPPORTED", "ACCOUNT_NAMING_SUPPORTED", "MULTIPLE_PRICING_CATEGORIES_SUPPORTED",
      "BILLING_BASED_ON_PROVISIONED_RESOURCES_SUPPORTED");

  @TempDir static Path root;
  static FocusConformance checker;

  @BeforeAll
  static void closeAPeriod() throws Exception {
    ThreeProviderPeriod.stage(root);
    assertThat(new PeriodClose().close(ThreeProviderPeriod.OCT, CloseOptions.of(root, root.resolve("rules.yaml"))))
        .isInstanceOf(CloseResult.Passed.class);
    checker = FocusConformance.load(Samples.path("focus/focus-validator/rules/model-1.2.json"));
  }

  static FocusConformance.Report check(String glob, boolean dataset) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      return checker.check(c, "read_parquet('" + glob + "', union_by_name = true)", CAPABILITIES, dataset);
    }
  }

  @Test
  void stagedRecordsConformToTheRulesThatApplyToThem() throws Exception {
    FocusConformance.Report r = check(root.resolve("staging") + "/**/*.parquet", true);
    // EffectiveCost-C-005-C: "EffectiveCost MUST be 0 when ChargeCategory is Purchase and the purchase is intended to
    // cover future eligible charges" — the model encodes only the first half, so the Azure support fee (a Purchase
    // that covers nothing in the future) trips it. Every other MUST rule that applies passes.
    assertThat(r.failures()).as("failed MUST rules").extracting(FocusConformance.RuleResult::ruleId)
        .containsExactly("EffectiveCost-C-005-C");
    // the checks really ran: presence, nullability, values and formats of the mandatory columns
    assertThat(r.withStatus(Status.PASSED)).extracting(FocusConformance.RuleResult::ruleId)
        .contains("BilledCost-C-003-M", "BillingCurrency-C-004-M", "ChargeCategory-C-001-M", "CostAndUsage-D-005-M")
        .anyMatch(id -> id.startsWith("Tags-C-"))
        .hasSizeGreaterThan(120);
  }

  @Test
  void chargebackRowsConformToTheColumnRulesThatApplyToThem() throws Exception {
    FocusConformance.Report r = check(root.resolve("chargeback") + "/**/*.parquet", false);
    assertThat(r.failures()).as("failed MUST rules").isEmpty();
    assertThat(r.withStatus(Status.PASSED)).extracting(FocusConformance.RuleResult::ruleId)
        .contains("BilledCost-C-003-M", "EffectiveCost-C-003-M", "ServiceName-C-003-M")
        .hasSizeGreaterThan(20);
  }

  @Test
  void aNonConformingDatasetFails() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE bad AS SELECT * REPLACE (CASE WHEN x_Provider = 'aws' THEN NULL ELSE BilledCost END AS BilledCost, "
          + "'Usage-Based' AS ChargeFrequency) FROM read_parquet('" + root.resolve("staging") + "/**/*.parquet')");
      FocusConformance.Report r = checker.check(c, "bad", CAPABILITIES, true);
      assertThat(r.failures()).extracting(FocusConformance.RuleResult::ruleId)
          .contains("BilledCost-C-003-M", "ChargeFrequency-C-004-C");
      assertThat(r.failures()).filteredOn(f -> f.ruleId().equals("BilledCost-C-003-M")).singleElement()
          .extracting(FocusConformance.RuleResult::violations).isEqualTo(8L);
    }
  }
}
