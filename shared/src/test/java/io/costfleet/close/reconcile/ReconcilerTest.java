package io.costfleet.close.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconcilerTest {
  static final YearMonth OCT = YearMonth.of(2026, 10);

  static PipelineTotal p(String invoice, String billed) {
    return new PipelineTotal("aws", "111", "usage", "USD", invoice, new BigDecimal(billed), new BigDecimal(billed), 10);
  }

  static ReconciliationReport run(List<PipelineTotal> pipeline, List<ProviderTotal> truth) {
    return Reconciler.reconcile(OCT, new BigDecimal("0.001"), pipeline, truth, List.of("test"), List.of(), List.of(),
        (pr, a, d) -> "provider=" + pr + "/billing_period=2026-10/account=" + a + "/dataset=" + d);
  }

  @Test
  void invoicesAreComparedOneByOneWhenTheProviderNamesThem() {
    ReconciliationReport r = run(List.of(p("INV-1", "1000.00"), p("INV-2", "500.00")), List.of(
        new ProviderTotal("aws", "111", "usage", "INV-1", "USD", new BigDecimal("1000.00"), null),
        new ProviderTotal("aws", "111", "usage", "INV-2", "USD", new BigDecimal("502.00"), null)));
    assertThat(r.status()).isEqualTo("failed");
    assertThat(r.partitionsToReextract())
        .containsExactly("provider=aws/billing_period=2026-10/account=111/dataset=usage invoice=INV-2");
    assertThat(r.entries()).extracting(ReconciliationEntry::invoiceId, ReconciliationEntry::status)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("INV-1", "passed"), org.assertj.core.groups.Tuple.tuple("INV-2", "failed"));
  }

  @Test
  void withoutAnInvoiceTheProviderTotalCoversEveryInvoiceOfThePartition() {
    ReconciliationReport r = run(List.of(p("INV-1", "1000.00"), p("INV-2", "500.00")), List.of(
        new ProviderTotal("aws", "111", "usage", null, "USD", new BigDecimal("1500.50"), new BigDecimal("1500.00"))));
    assertThat(r.passed()).isTrue();
    assertThat(r.entries()).singleElement().satisfies(e -> {
      assertThat(e.pipelineBilledCost()).isEqualByComparingTo("1500.00");
      assertThat(e.billedGapRatio()).isLessThan(new BigDecimal("0.001"));
      assertThat(e.effectiveGap()).isEqualByComparingTo("0");
    });
  }

  @Test
  void anEffectiveCostGapFailsEvenWhenBilledCostMatches() {
    ReconciliationReport r = run(List.of(p(null, "100.00")), List.of(
        new ProviderTotal("aws", "111", "usage", null, "USD", new BigDecimal("100.00"), new BigDecimal("90.00"))));
    assertThat(r.entries()).singleElement().satisfies(e -> {
      assertThat(e.status()).isEqualTo("failed");
      assertThat(e.explanation()).startsWith("pipeline EffectiveCost is 10 USD (11.111%) above the provider's 90");
    });
  }

  @Test
  void aProviderTotalWithNothingStagedFailsAndAZeroTotalNeedsZero() {
    ReconciliationReport r = run(List.of(), List.of(
        new ProviderTotal("aws", "111", "usage", null, "USD", new BigDecimal("5.00"), null),
        new ProviderTotal("aws", "222", "usage", null, "USD", BigDecimal.ZERO, null)));
    assertThat(r.entries()).extracting(ReconciliationEntry::status).containsExactly("failed", "passed");
    assertThat(r.entries().get(0).explanation()).contains("nothing of this partition is staged");
  }
}
