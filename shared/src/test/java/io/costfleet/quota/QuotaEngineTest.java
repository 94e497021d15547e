package io.costfleet.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costfleet.degrade.Freshness;
import io.costfleet.degrade.SpendSnapshot;
import io.costfleet.degrade.SpendSnapshot.DailySpend;
import io.costfleet.degrade.SpendSnapshot.UnitCost;
import io.costfleet.job.Provider;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuotaEngineTest {
  private static final YearMonth NOV = YearMonth.of(2026, 11);
  private static final LocalDate TODAY = LocalDate.parse("2026-11-10");
  private static final List<Threshold> DEFAULT = List.of(Threshold.parse("actual:80"), Threshold.parse("actual:100"),
      Threshold.parse("forecast:100"));
  private static final Freshness FRESH = Freshness.fresh(Instant.parse("2026-11-10T02:00:00Z"), Duration.ofHours(1));
  private static final Freshness DEGRADED = new Freshness(true, Instant.parse("2026-11-10T02:00:00Z"),
      Duration.ofHours(1), List.of("circuit aws:cost-explorer is open"));

  /** payments (retail): 20 a day on the 1st..8th, 50 on the 9th; Compute Hours last 0.10 on the 9th, highest 0.25. */
  private static SpendView view() {
    List<DailySpend> days = new ArrayList<>();
    for (int d = 1; d <= 9; d++) {
      days.add(new DailySpend("payments", "retail", NOV.atDay(d), new BigDecimal(d == 9 ? "50" : "20")));
      days.add(new DailySpend("web", "retail", NOV.atDay(d), new BigDecimal("100")));
    }
    SpendSnapshot s = new SpendSnapshot(Provider.AWS, "111", NOV, Instant.parse("2026-11-10T02:00:00Z"),
        NOV.atDay(9), "USD", "tag cost_center", List.of("j"), days, List.of(
            new UnitCost("payments", "Compute", "Hours", new BigDecimal("0.10"), NOV.atDay(9), new BigDecimal("0.25"),
                NOV.atDay(3)),
            new UnitCost("web", "Storage", "GB-Mo", new BigDecimal("0.02"), NOV.atDay(9), new BigDecimal("0.02"),
                NOV.atDay(9)),
            new UnitCost("web", "Storage", "Requests", new BigDecimal("0.001"), NOV.atDay(9), new BigDecimal("0.001"),
                NOV.atDay(9))));
    return SpendView.of(NOV, List.of(s));
  }

  private static QuotaEngine engine(QuotaPolicy policy) {
    return new QuotaEngine(new BudgetBook("USD",
        Map.of("payments", new Budget(Budget.Scope.COST_CENTER, "payments", new BigDecimal("1000"), null, DEFAULT)),
        Map.of("retail", new Budget(Budget.Scope.BUSINESS_UNIT, "retail", new BigDecimal("5000"), null, DEFAULT))),
        policy);
  }

  @Test
  void healthyAnswerCountsActualMeanForecastAndTheAmount() {
    QuotaDecision d = engine(QuotaPolicy.defaults()).decide("payments", new QuotaRequest.Amount(new BigDecimal("250"),
        null), view(), FRESH, TODAY).orElseThrow();
    assertThat(d.allowed()).isTrue();
    assertThat(d.conservative()).isFalse();
    assertThat(d.pricing().cost()).isEqualByComparingTo("250");
    QuotaDecision.Check cc = d.checks().get(0);
    assertThat(cc.projection().actual()).isEqualByComparingTo("210");
    assertThat(cc.projection().runRate()).isEqualByComparingTo("24.2857142857"); // (6 x 20 + 50) / 7
    assertThat(cc.projection().remainingDays()).isEqualTo(21);
    assertThat(cc.projected()).isEqualByComparingTo("969.9999999997");
    assertThat(cc.limit()).isEqualByComparingTo("1000");
    assertThat(d.checks()).extracting(c -> c.scope().code() + ":" + c.name())
        .containsExactly("cost_center:payments", "business_unit:retail");
    assertThat(d.checks().get(1).projection().actual()).isEqualByComparingTo("1110"); // 210 + 9 x 100
  }

  @Test
  void degradedAnswerPricesAtTheHighestUnitCostForecastsAtThePeakAndCapsTheBudget() {
    QuotaDecision d = engine(QuotaPolicy.defaults()).decide("payments", new QuotaRequest.Amount(new BigDecimal("20"),
        null), view(), DEGRADED, TODAY).orElseThrow();
    assertThat(d.conservative()).isTrue();
    assertThat(d.freshness().reasons()).containsExactly("circuit aws:cost-explorer is open");
    assertThat(d.pricing().basis()).isEqualTo("amount at the highest known unit cost");
    assertThat(d.pricing().factor()).isEqualByComparingTo("2.5");
    assertThat(d.pricing().cost()).isEqualByComparingTo("50");
    QuotaDecision.Check cc = d.checks().get(0);
    assertThat(cc.projection().method()).isEqualTo("peak");
    assertThat(cc.projection().forecast()).isEqualByComparingTo("1050"); // 21 x 50
    assertThat(cc.limit()).isEqualByComparingTo("900");
    assertThat(d.allowed()).isFalse();
  }

  @Test
  void aRequestThatFitsAtLastKnownPricesIsDeniedAtTheHighestWhenDegraded() {
    // isolate the unit cost: a window of one day (the 9th, 50) is the same for mean and peak, no strict cap;
    // 210 actual + 21 x 50 forecast = 1260 before the request, budget 1400
    QuotaRequest.Usage thousandHours = new QuotaRequest.Usage(new BigDecimal("1000"), "Compute", null);
    QuotaEngine roomy = new QuotaEngine(new BudgetBook("USD", Map.of("payments", new Budget(Budget.Scope.COST_CENTER,
        "payments", new BigDecimal("1400"), null, DEFAULT)), Map.of()), new QuotaPolicy(1, BigDecimal.ONE, null));
    QuotaDecision healthy = roomy.decide("payments", thousandHours, view(), FRESH, TODAY).orElseThrow();
    QuotaDecision degraded = roomy.decide("payments", thousandHours, view(), DEGRADED, TODAY).orElseThrow();

    assertThat(healthy.pricing().basis()).isEqualTo("last-known unit cost");
    assertThat(healthy.pricing().cost()).isEqualByComparingTo("100");
    assertThat(healthy.checks().get(0).projected()).isEqualByComparingTo("1360");
    assertThat(healthy.allowed()).isTrue();
    assertThat(degraded.pricing().basis()).isEqualTo("highest known unit cost");
    assertThat(degraded.pricing().cost()).isEqualByComparingTo("250");
    assertThat(degraded.checks().get(0).projected()).isEqualByComparingTo("1510");
    assertThat(degraded.allowed()).isFalse();
    assertThat(degraded.notes()).anyMatch(n -> n.contains("exceeds 1400"));
  }

  @Test
  void degradedMaxRequestDeniesWhateverTheBudget() {
    QuotaEngine e = new QuotaEngine(new BudgetBook("USD", Map.of("payments", new Budget(Budget.Scope.COST_CENTER,
        "payments", new BigDecimal("1000000"), null, DEFAULT)), Map.of()),
        new QuotaPolicy(7, new BigDecimal("0.9"), new BigDecimal("100")));
    QuotaDecision d = e.decide("payments", new QuotaRequest.Amount(new BigDecimal("50"), "Compute"), view(), DEGRADED,
        TODAY).orElseThrow();
    assertThat(d.pricing().cost()).isEqualByComparingTo("125");
    assertThat(d.checks()).allMatch(QuotaDecision.Check::allowed);
    assertThat(d.allowed()).isFalse();
    assertThat(d.notes()).anyMatch(n -> n.contains("max-request"));
    assertThat(e.decide("payments", new QuotaRequest.Amount(new BigDecimal("50"), "Compute"), view(), FRESH, TODAY)
        .orElseThrow().allowed()).isTrue();
  }

  @Test
  void unknownPricesAndUnknownCostCenters() {
    QuotaEngine e = engine(QuotaPolicy.defaults());
    assertThat(e.decide("nobody", new QuotaRequest.Amount(BigDecimal.ONE, null), view(), FRESH, TODAY)).isEmpty();
    QuotaDecision unpriced = e.decide("payments", new QuotaRequest.Usage(BigDecimal.ONE, "Quantum", null), view(),
        FRESH, TODAY).orElseThrow();
    assertThat(unpriced.allowed()).isFalse();
    assertThat(unpriced.notes()).anyMatch(n -> n.contains("cannot be priced"));
    // another cost center's price of the service is used when the cost center has none
    QuotaDecision borrowed = e.decide("payments", new QuotaRequest.Usage(new BigDecimal("100"), "Storage", "GB-Mo"),
        view(), FRESH, TODAY).orElseThrow();
    assertThat(borrowed.pricing().cost()).isEqualByComparingTo("2");
    assertThatThrownBy(() -> e.decide("payments", new QuotaRequest.Usage(BigDecimal.ONE, "Storage", null), view(),
        FRESH, TODAY)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GB-Mo, Requests");
  }
}
