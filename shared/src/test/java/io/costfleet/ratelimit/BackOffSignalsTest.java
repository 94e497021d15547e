package io.costfleet.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.costfleet.ratelimit.BackOffSignals.Remaining;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackOffSignalsTest {
  private static final Instant NOW = Instant.parse("2026-10-21T07:27:30Z");

  @Test
  void retryAfterInSecondsOrAsAnHttpDate() {
    assertThat(BackOffSignals.parseRetryAfter("120", NOW)).contains(Duration.ofSeconds(120));
    assertThat(BackOffSignals.parseRetryAfter(" 1.5 ", NOW)).contains(Duration.ofMillis(1500));
    assertThat(BackOffSignals.parseRetryAfter("Wed, 21 Oct 2026 07:28:00 GMT", NOW)).contains(Duration.ofSeconds(30));
    assertThat(BackOffSignals.parseRetryAfter("Wed, 21 Oct 2026 07:00:00 GMT", NOW)).contains(Duration.ZERO);
    assertThat(BackOffSignals.parseRetryAfter("-5", NOW)).isEmpty();
    assertThat(BackOffSignals.parseRetryAfter("soon", NOW)).isEmpty();
    assertThat(BackOffSignals.parseRetryAfter("", NOW)).isEmpty();
  }

  @Test
  void theLongestOfAzuresCostManagementRetryAfterHeadersWins() {
    BackOffSignals s = BackOffSignals.ofSingleValued(Map.of(
        "x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after", "10",
        "x-ms-ratelimit-microsoft.costmanagement-entity-retry-after", "45",
        "X-MS-RateLimit-Microsoft.CostManagement-Tenant-Retry-After", "30",
        "Retry-After", "5",
        "Content-Type", "application/json"));
    assertThat(s.retryAfter(NOW)).contains(Duration.ofSeconds(45));
  }

  @Test
  void clientTypeAndConsumptionAndMillisecondHeadersCount() {
    assertThat(BackOffSignals.ofSingleValued(Map.of("x-ms-ratelimit-microsoft.costmanagement-clienttype-retry-after", "60"))
        .retryAfter(NOW)).contains(Duration.ofSeconds(60));
    assertThat(BackOffSignals.ofSingleValued(Map.of("x-ms-ratelimit-microsoft.consumption-retry-after", "20"))
        .retryAfter(NOW)).contains(Duration.ofSeconds(20));
    assertThat(BackOffSignals.of(Map.of("retry-after-ms", List.of("2500"))).retryAfter(NOW))
        .contains(Duration.ofMillis(2500));
    assertThat(BackOffSignals.of(Map.of("x-ms-retry-after-ms", List.of("750"))).retryAfter(NOW))
        .contains(Duration.ofMillis(750));
  }

  @Test
  void noBackOffHeaderMeansNoHint() {
    assertThat(BackOffSignals.of(Map.of("content-length", List.of("12"))).retryAfter(NOW)).isEmpty();
    assertThat(BackOffSignals.of(Map.of()).remaining()).isEmpty();
  }

  @Test
  void remainingQuotasFromArmAndCostManagementHeaders() {
    BackOffSignals s = BackOffSignals.ofSingleValued(Map.of(
        "x-ms-ratelimit-remaining-subscription-reads", "11999",
        "x-ms-ratelimit-remaining-microsoft.costmanagement-entity-requests", "DefaultQuota:3",
        "x-ms-ratelimit-microsoft.costmanagement-qpu-remaining", "QueriesPerHour:577,QueriesPerMin:59",
        "x-ms-ratelimit-microsoft.costmanagement-qpu-consumed", "1"));
    assertThat(s.remaining()).containsExactlyInAnyOrder(
        new Remaining("x-ms-ratelimit-remaining-subscription-reads", "x-ms-ratelimit-remaining-subscription-reads",
            11999, Optional.empty()),
        new Remaining("x-ms-ratelimit-remaining-microsoft.costmanagement-entity-requests", "DefaultQuota", 3,
            Optional.empty()),
        new Remaining("x-ms-ratelimit-microsoft.costmanagement-qpu-remaining", "QueriesPerHour", 577,
            Optional.of(Duration.ofHours(1))),
        new Remaining("x-ms-ratelimit-microsoft.costmanagement-qpu-remaining", "QueriesPerMin", 59,
            Optional.of(Duration.ofMinutes(1))));
    assertThat(s.tightest(Duration.ofMinutes(1)).orElseThrow().quota()).isEqualTo("DefaultQuota");
    assertThat(s.tightest(Duration.ofHours(1)).orElseThrow().quota()).as("3 per hour is tighter still")
        .isEqualTo("DefaultQuota");
  }

  @Test
  void theTightestQuotaIsTheLowestRateNotTheLowestCount() {
    BackOffSignals s = BackOffSignals.ofSingleValued(Map.of(
        "x-ms-ratelimit-microsoft.costmanagement-qpu-remaining", "QueriesPer10Sec:11;QueriesPerHour:20"));
    Remaining tightest = s.tightest(Duration.ofMinutes(1)).orElseThrow();
    assertThat(tightest.quota()).isEqualTo("QueriesPerHour");
    assertThat(tightest.rate(Duration.ofMinutes(1))).isEqualTo(20 / 3600.0);
    assertThat(s.remaining()).anySatisfy(r -> assertThat(r.window()).contains(Duration.ofSeconds(10)));
  }

  @Test
  void unreadableRemainingValuesAreSkipped() {
    assertThat(BackOffSignals.ofSingleValued(Map.of("x-ms-ratelimit-remaining-tenant-reads", "n/a")).remaining()).isEmpty();
  }
}
