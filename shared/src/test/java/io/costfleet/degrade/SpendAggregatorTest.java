package io.costfleet.degrade;

import static io.costfleet.degrade.StagedSpend.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costfleet.close.allocation.AllocationRules;
import io.costfleet.close.allocation.DriverRegistry;
import io.costfleet.job.Dataset;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Provider;
import io.costfleet.staging.StagingLayout;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpendAggregatorTest {
  private static final YearMonth PERIOD = YearMonth.of(2026, 10);
  private static final Instant GEN1 = Instant.parse("2026-10-10T01:00:00Z");
  private static final Instant GEN2 = Instant.parse("2026-10-11T01:00:00Z");
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-10-20T12:00:00Z"), ZoneOffset.UTC);

  @TempDir
  Path root;

  private SpendAggregator tagAggregator() {
    return new SpendAggregator(new StagingLayout(root), new TagAttribution("Cost-Center", null,
        Map.of("aws:111", "digital")), new SpendAggregator.Settings(null, "USD", null), CLOCK);
  }

  @Test
  void readsTheLatestCompleteGenerationDedupedByVersionAndAttributedByTag() throws Exception {
    StagedSpend staged = new StagedSpend(root);
    staged.job(Provider.AWS, "111", PERIOD, Dataset.USAGE, 1, GEN1, List.of(
        usage(Provider.AWS, "111", "a1", "2026-10-01", "Compute", "99.00", "1", "cc-web").build()));
    ExtractionJob gen2 = staged.job(Provider.AWS, "111", PERIOD, Dataset.USAGE, 2, GEN2, List.of(
        usage(Provider.AWS, "111", "a1", "2026-10-01", "Compute", "10.00", "10", "cc-web").build(),
        usage(Provider.AWS, "111", "a2", "2026-10-02", "Compute", "24.00", "12", "cc-web").build(),
        usage(Provider.AWS, "111", "a2", "2026-10-02", "Compute", "30.00", "12", "cc-web").xSourceVersion("2").build(),
        usage(Provider.AWS, "111", "a3", "2026-10-02", "Compute", "5.005", "5", null).build(),
        usage(Provider.AWS, "111", "a4", "2026-10-03", "Compute", "3.00", "2", "cc-web").build(),
        usage(Provider.AWS, "111", "a5", "2026-10-04", "Compute", "7.50", "3", "cc-data").build(),
        usage(Provider.AWS, "111", "a6", "2026-10-21", "Compute", "1000", "1", "cc-web").build()));

    SpendSnapshot s = tagAggregator().aggregate(Provider.AWS, "111", PERIOD).orElseThrow();

    assertThat(s.asOf()).isEqualTo(GEN2);
    assertThat(s.jobs()).containsExactly(gen2.jobId());
    assertThat(s.dataThrough()).isEqualTo(LocalDate.parse("2026-10-04"));
    assertThat(s.currency()).isEqualTo("USD");
    assertThat(s.attribution()).isEqualTo("tag cost_center");
    Map<String, BigDecimal> byCostCenter = new TreeMap<>();
    s.days().forEach(d -> byCostCenter.merge(d.costCenter(), d.cost(), BigDecimal::add));
    assertThat(byCostCenter).containsOnlyKeys("cc-web", "cc-data", "unallocated");
    assertThat(byCostCenter.get("cc-web")).isEqualByComparingTo("43.00");
    assertThat(byCostCenter.get("cc-data")).isEqualByComparingTo("7.50");
    assertThat(byCostCenter.get("unallocated")).isEqualByComparingTo("5.005");
    assertThat(s.days()).allSatisfy(d -> assertThat(d.businessUnit()).isEqualTo("digital"));
    assertThat(s.days()).filteredOn(d -> d.costCenter().equals("cc-web") && d.day().getDayOfMonth() == 2)
        .singleElement().satisfies(d -> assertThat(d.cost()).isEqualByComparingTo("30.00"));

    SpendSnapshot.UnitCost web = s.unitCosts().stream().filter(u -> u.costCenter().equals("cc-web")).findFirst()
        .orElseThrow();
    assertThat(web.service()).isEqualTo("Compute");
    assertThat(web.unit()).isEqualTo("Hours");
    assertThat(web.lastKnown()).isEqualByComparingTo("1.5");
    assertThat(web.lastKnownDay()).isEqualTo(LocalDate.parse("2026-10-03"));
    assertThat(web.highest()).isEqualByComparingTo("2.5");
    assertThat(web.highestDay()).isEqualTo(LocalDate.parse("2026-10-02"));
  }

  @Test
  void nothingCompleteIsNoSnapshotAndACompleteEmptyJobIsFreshEmptyData() throws Exception {
    assertThat(tagAggregator().aggregate(Provider.AWS, "111", PERIOD)).isEmpty();
    new StagedSpend(root).job(Provider.AWS, "111", PERIOD, Dataset.USAGE, 1, GEN1, List.of());
    SpendSnapshot s = tagAggregator().aggregate(Provider.AWS, "111", PERIOD).orElseThrow();
    assertThat(s.days()).isEmpty();
    assertThat(s.dataThrough()).isNull();
    assertThat(s.asOf()).isEqualTo(GEN1);
  }

  @Test
  void prefersTheFirstDatasetOfThePreferenceWithCompleteJobs() throws Exception {
    StagedSpend staged = new StagedSpend(root);
    staged.job(Provider.AWS, "111", PERIOD, Dataset.USAGE, 1, GEN1, List.of(
        usage(Provider.AWS, "111", "u1", "2026-10-01", "Compute", "10", "1", "cc-web").build()));
    staged.job(Provider.AWS, "111", PERIOD, Dataset.AMORTIZED, 1, GEN2, List.of(
        usage(Provider.AWS, "111", "m1", "2026-10-01", "Compute", "8", "1", "cc-web").xDataset("amortized").build()));
    SpendSnapshot s = tagAggregator().aggregate(Provider.AWS, "111", PERIOD).orElseThrow();
    assertThat(s.days()).singleElement().satisfies(d -> assertThat(d.cost()).isEqualByComparingTo("8"));
  }

  @Test
  void attributesWithTheAllocationRulesAndKeepsSharedCostOnUnallocatedUntilTheClose() throws Exception {
    Path rules = Files.writeString(root.resolve("rules.yaml"), """
        version: "q-1"
        cost_centers:
          cc-web: digital
          cc-b: retail
        tags:
          - name: tag-cc
            key: cost_center
        hierarchy:
          - name: account-b
            match: { provider: aws, account: "222" }
            unless: { service: "Support" }
            cost_center: cc-b
        shared:
          - name: shared-support
            match: { service: "Support" }
            driver: fixed-weights
            weights: { cc-web: 1, cc-b: 1 }
        """);
    StagedSpend staged = new StagedSpend(root);
    staged.job(Provider.AWS, "222", PERIOD, Dataset.USAGE, 1, GEN1, List.of(
        usage(Provider.AWS, "222", "b1", "2026-10-01", "Compute", "4.00", "1", null).build(),
        usage(Provider.AWS, "222", "b2", "2026-10-01", "Compute", "6.00", "1", "cc-web").build(),
        usage(Provider.AWS, "222", "b3", "2026-10-01", "Support", "2.00", "1", null).build()));
    SpendAggregator aggregator = new SpendAggregator(new StagingLayout(root),
        new RuleAttribution(AllocationRules.load(rules, DriverRegistry.builtins())),
        new SpendAggregator.Settings(null, "USD", null), CLOCK);

    SpendSnapshot s = aggregator.aggregate(Provider.AWS, "222", PERIOD).orElseThrow();

    assertThat(s.attribution()).isEqualTo("rules q-1");
    assertThat(s.days()).extracting(d -> d.costCenter() + "/" + d.businessUnit() + "=" + d.cost().toPlainString())
        .containsExactlyInAnyOrder("cc-b/retail=4", "cc-web/digital=6", "unallocated/unallocated=2");
  }

  @Test
  void aCurrencyWithoutARateFailsNamingIt() throws Exception {
    new StagedSpend(root).job(Provider.AWS, "111", PERIOD, Dataset.USAGE, 1, GEN1, List.of(
        usage(Provider.AWS, "111", "e1", "2026-10-01", "Compute", "10", "1", "cc-web").billingCurrency("EUR").build()));
    assertThatThrownBy(() -> tagAggregator().aggregate(Provider.AWS, "111", PERIOD))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("EUR");
  }
}
