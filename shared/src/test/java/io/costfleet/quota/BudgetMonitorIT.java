package io.costfleet.quota;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.costfleet.degrade.Freshness;
import io.costfleet.degrade.SpendSnapshot;
import io.costfleet.job.CloudEvent;
import io.costfleet.job.Provider;
import io.costfleet.job.WireCodec;
import io.costfleet.testing.RedisNamespace;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Breach announcements guarded in the real Redis: once per threshold and period, across replicas and syncs. */
class BudgetMonitorIT {
  private static final YearMonth NOV = YearMonth.of(2026, 11);
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-10T12:00:00Z"), ZoneOffset.UTC);
  private static final Freshness FRESH = Freshness.fresh(Instant.parse("2026-11-10T02:00:00Z"), Duration.ofHours(10));

  private final RedisNamespace ns = RedisNamespace.create();

  @AfterEach
  void tearDown() {
    ns.close();
  }

  private static BudgetBook book() {
    List<Threshold> t = List.of(Threshold.parse("actual:80"), Threshold.parse("actual:100"),
        Threshold.parse("forecast:100"));
    return new BudgetBook("USD",
        Map.of("payments", new Budget(Budget.Scope.COST_CENTER, "payments", new BigDecimal("1000"), null, t)),
        Map.of("retail", new Budget(Budget.Scope.BUSINESS_UNIT, "retail", new BigDecimal("100000"), null, t)));
  }

  /** payments: 90 a day on the 1st..10th = 900 actual (80% crossed, 100% not), forecast 900 + 20 x 90 > 1000. */
  private static SpendView view(String perDay) {
    List<SpendSnapshot.DailySpend> days = new ArrayList<>();
    for (int d = 1; d <= 10; d++) {
      days.add(new SpendSnapshot.DailySpend("payments", "retail", NOV.atDay(d), new BigDecimal(perDay)));
    }
    return SpendView.of(NOV, List.of(new SpendSnapshot(Provider.AWS, "111", NOV, FRESH.asOf(), NOV.atDay(10), "USD",
        "tag cost_center", List.of(), days, List.of())));
  }

  private BudgetMonitor monitor(List<CloudEvent> sink) {
    return new BudgetMonitor(book(), 7, new RedisBreachGuard(ns.connect()), sink::add, WireCodec.newMapper(), CLOCK);
  }

  @Test
  void eachCrossedThresholdIsAnnouncedOnceAcrossSyncsAndReplicas() {
    List<CloudEvent> published = new CopyOnWriteArrayList<>();
    BudgetMonitor replicaA = monitor(published);
    BudgetMonitor replicaB = monitor(published);

    assertThat(replicaA.evaluate(view("90"), FRESH).announced()).hasSize(2);
    for (int sync = 0; sync < 3; sync++) {
      assertThat(replicaA.evaluate(view("90"), FRESH).announced()).isEmpty();
      assertThat(replicaB.evaluate(view("90"), FRESH).announced()).isEmpty();
    }
    assertThat(published).extracting(CloudEvent::id).containsExactlyInAnyOrder(
        "budget-breached:2026-11:cost_center:payments:actual-80",
        "budget-breached:2026-11:cost_center:payments:forecast-100");
    CloudEvent actual80 = published.stream().filter(e -> e.id().endsWith("actual-80")).findFirst().orElseThrow();
    assertThat(actual80.type()).isEqualTo(CloudEvent.BUDGET_BREACHED);
    assertThat(actual80.routingKey()).isEqualTo("budget.breached");
    assertThat(actual80.subject()).isEqualTo("cost_center/payments");
    JsonNode data = actual80.data();
    assertThat(data.get("value").decimalValue()).isEqualByComparingTo("900");
    assertThat(data.get("thresholdAmount").decimalValue()).isEqualByComparingTo("800");
    assertThat(data.get("billingPeriod").asText()).isEqualTo("2026-11");
    assertThat(data.get("degraded").asBoolean()).isFalse();

    // spend grows past 100%: only the new threshold is announced
    assertThat(replicaB.evaluate(view("101"), FRESH).announced()).extracting(a -> a.threshold().code())
        .containsExactly("actual-100");
    assertThat(published).hasSize(3);
  }

  @Test
  void aBreachWhoseEventWasNotTakenIsAnnouncedByTheNextEvaluation() {
    List<CloudEvent> published = new ArrayList<>();
    BudgetMonitor failing = new BudgetMonitor(book(), 7, new RedisBreachGuard(ns.connect()), e -> {
      throw new IllegalStateException("broker nacked");
    }, WireCodec.newMapper(), CLOCK);
    BudgetMonitor.Evaluation first = failing.evaluate(view("90"), FRESH);
    assertThat(first.announced()).isEmpty();
    assertThat(first.failures()).hasSize(2).allMatch(f -> f.contains("broker nacked"));

    assertThat(monitor(published).evaluate(view("90"), FRESH).announced()).hasSize(2);
    assertThat(published).hasSize(2);
  }

  @Test
  void statusShowsEveryThreshold() {
    List<BudgetStatus> status = monitor(new ArrayList<>()).status(view("90"));
    BudgetStatus payments = status.get(0);
    assertThat(payments.budget().name()).isEqualTo("payments");
    assertThat(payments.projection().actual()).isEqualByComparingTo("900");
    assertThat(payments.thresholds()).extracting(t -> t.threshold().code() + "=" + t.crossed())
        .containsExactly("actual-80=true", "actual-100=false", "forecast-100=true");
  }
}
