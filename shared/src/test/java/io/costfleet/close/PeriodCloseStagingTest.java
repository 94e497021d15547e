package io.costfleet.close;

import static io.costfleet.close.StagedPeriod.line;
import static org.assertj.core.api.Assertions.assertThat;

import io.costfleet.close.reconcile.GroundTruthTotals;
import io.costfleet.sim.GroundTruth;
import io.costfleet.sim.SimulatorServer;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which staged job directories a close reads, and where the providers' totals come from. */
class PeriodCloseStagingTest {
  static final YearMonth OCT = YearMonth.of(2026, 10);
  @TempDir Path root;

  Path rules() throws Exception {
    Path f = root.resolve("rules.yaml");
    Files.writeString(f, "version: v1\ntags:\n  - { name: cc, key: cost_center }\n");
    return f;
  }

  static io.costfleet.model.CostRecord rec(String id, String amount) {
    return line("aws", "111", "222", id, "2026-10-01", amount, amount).tag("cost_center", "cc-a").build();
  }

  @Test
  void aJobWithoutItsManifestIsNotReadWhileItsPartitionHasCompleteJobs() throws Exception {
    StagedPeriod s = new StagedPeriod(root, OCT);
    s.job("aws", "cur", "111", "usage", 0).page(List.of(rec("a", "10.00"))).complete();
    // generation 1 crashed half-way: pages, no manifest
    s.job("aws", "cur", "111", "usage", 1).page(List.of(rec("a", "99.00"), rec("b", "5.00")));
    CloseResult r = new PeriodClose().close(OCT, CloseOptions.of(root, rules()));
    CloseSummary summary = ((CloseResult.Passed) r).summary();
    assertThat(summary.effectiveTotal()).isEqualByComparingTo("10.00");
    assertThat(summary.ignoredJobs()).singleElement().satisfies(i -> assertThat(i.reason()).contains("no completion marker"));
  }

  @Test
  void unmarkedStagingIsReadOnlyWhenAsked() throws Exception {
    StagedPeriod s = new StagedPeriod(root, OCT);
    s.job("aws", "cur", "111", "usage", 0).page(List.of(rec("a", "10.00"), rec("b", "2.50")));
    CloseResult strict = new PeriodClose().close(OCT, CloseOptions.of(root, rules()));
    assertThat(strict).isInstanceOfSatisfying(CloseResult.Failed.class,
        f -> assertThat(f.reasons()).singleElement().asString().startsWith("nothing staged for 2026-10"));
    CloseResult lenient = new PeriodClose().close(OCT, CloseOptions.of(root, rules()).withManifests(ManifestPolicy.AUTO));
    assertThat(((CloseResult.Passed) lenient).summary().effectiveTotal()).isEqualByComparingTo("12.50");
  }

  @Test
  void aJobWhoseFilesDisagreeWithItsManifestFailsTheCloseNamingThePartition() throws Exception {
    StagedPeriod s = new StagedPeriod(root, OCT);
    s.job("aws", "cur", "111", "usage", 0).page(List.of(rec("a", "10.00"))).complete(2);
    CloseResult r = new PeriodClose().close(OCT, CloseOptions.of(root, rules()));
    assertThat(r).isInstanceOfSatisfying(CloseResult.Failed.class, f -> {
      assertThat(f.partitionsToReextract()).containsExactly("provider=aws/billing_period=2026-10/account=111/dataset=usage");
      assertThat(f.reasons()).singleElement().asString().contains("staged 1 rows but its completion marker says 2");
    });
  }

  @Test
  void reconcilesAgainstASimulatorsGroundTruth() throws Exception {
    StagedPeriod s = new StagedPeriod(root, OCT);
    s.job("aws", "cur", "111", "usage", 0).page(List.of(rec("a", "1000.00"))).complete();
    GroundTruth truth = new GroundTruth(List.of(
        new GroundTruth.Entry("aws", "111", "2026-10", "usage", "USD", new BigDecimal("1000.50"), new BigDecimal("1000.50"), 1, 0),
        new GroundTruth.Entry("aws", "111", "2026-09", "usage", "USD", new BigDecimal("1.00"), new BigDecimal("1.00"), 1, 0)));
    try (SimulatorServer sim = new SimulatorServer("127.0.0.1", 0, () -> truth).start()) {
      CloseOptions o = CloseOptions.of(root, rules())
          .withProviderTotals(List.of(GroundTruthTotals.fromSimulator(URI.create(sim.baseUrl()))));
      // 0.50 of 1000.50 = 0.05%: passes; the September entry is another period's
      assertThat(new PeriodClose().close(OCT, o)).isInstanceOf(CloseResult.Passed.class);
      CloseResult failed = new PeriodClose().close(OCT, o.withTolerance(new BigDecimal("0.0001")));
      assertThat(failed).isInstanceOfSatisfying(CloseResult.Failed.class, f -> assertThat(f.partitionsToReextract())
          .containsExactly("provider=aws/billing_period=2026-10/account=111/dataset=usage"));
    }
  }

  @Test
  void anUnreachableTruthSourceFailsTheClose() throws Exception {
    StagedPeriod s = new StagedPeriod(root, OCT);
    s.job("aws", "cur", "111", "usage", 0).page(List.of(rec("a", "1.00"))).complete();
    CloseResult r = new PeriodClose().close(OCT, CloseOptions.of(root, rules())
        .withProviderTotals(List.of(GroundTruthTotals.fromFile(root.resolve("missing.json")))));
    assertThat(r).isInstanceOfSatisfying(CloseResult.Failed.class,
        f -> assertThat(f.reasons()).singleElement().asString().contains("cannot read provider totals"));
  }

  @Test
  void chargebackUsesOneDatasetPerAccountButReconcilesEvery() throws Exception {
    StagedPeriod s = new StagedPeriod(root, OCT);
    s.job("aws", "cur", "111", "usage", 0).page(List.of(rec("a", "10.00"))).complete();
    s.job("aws", "cur", "111", "amortized", 0).page(List.of(rec("a", "8.00"))).complete();
    CloseResult r = new PeriodClose().close(OCT, CloseOptions.of(root, rules()));
    assertThat(((CloseResult.Passed) r).summary().effectiveTotal()).isEqualByComparingTo("8.00");
    CloseResult usage = new PeriodClose().close(OCT, CloseOptions.of(root, rules()).withDatasetPreference(List.of("usage")));
    assertThat(((CloseResult.Passed) usage).summary().effectiveTotal()).isEqualByComparingTo("10.00");
    assertThat(io.costfleet.close.reconcile.ReconciliationReport.read(root.resolve("reports/2026-10/reconciliation.json"))
        .entries()).extracting(e -> e.dataset()).containsExactlyInAnyOrder("amortized", "usage");
  }
}
