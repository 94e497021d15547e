package io.costfleet.dispatcher.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costfleet.quota.Budget;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code costfleet.quota.*} and {@code costfleet.budgets.*} bound the way Quarkus binds them, then checked. */
class QuotaSettingsTest {

  private static QuotaSettings settings(Map<String, String> properties) {
    SmallRyeConfig config = new SmallRyeConfigBuilder()
        .withMapping(QuotaConfig.class).withMapping(BudgetsConfig.class)
        .withConverter(Duration.class, 200, new DurationConverter())
        .withSources(new PropertiesConfigSource(properties, "test", 500))
        .build();
    return QuotaSettings.from(config.getConfigMapping(QuotaConfig.class), config.getConfigMapping(BudgetsConfig.class),
        "USD");
  }

  @Test
  void defaultsAndBudgets() {
    QuotaSettings s = settings(Map.of(
        "costfleet.budgets.cost-centers.payments.amount", "12000",
        "costfleet.budgets.cost-centers.payments.business-unit", "retail",
        "costfleet.budgets.cost-centers.search.amount", "800.50",
        "costfleet.budgets.cost-centers.search.thresholds", "actual:50,forecast:100",
        "costfleet.budgets.business-units.retail.amount", "50000",
        "costfleet.budgets.webhooks[0].url", "https://hooks.example.com/costfleet",
        "costfleet.budgets.webhooks[0].authorization", "Bearer x"));
    assertThat(s.staleAfter()).isEqualTo(Duration.ofHours(36));
    assertThat(s.policy().forecastWindowDays()).isEqualTo(7);
    assertThat(s.policy().degradedBudgetFactor()).isEqualByComparingTo("0.9");
    assertThat(s.policy().degradedMaxRequest()).isNull();
    Budget payments = s.budgets().costCenter("payments").orElseThrow();
    assertThat(payments.amount()).isEqualByComparingTo("12000");
    assertThat(payments.businessUnit()).isEqualTo("retail");
    assertThat(payments.thresholds()).extracting(Object::toString)
        .containsExactly("actual:80", "actual:100", "forecast:100");
    assertThat(s.budgets().costCenter("search").orElseThrow().thresholds()).extracting(Object::toString)
        .containsExactly("actual:50", "forecast:100");
    assertThat(s.budgets().businessUnit("retail").orElseThrow().amount()).isEqualByComparingTo(new BigDecimal("50000"));
    assertThat(s.budgets().currency()).isEqualTo("USD");
    assertThat(s.webhooks()).singleElement().satisfies(w -> assertThat(w.authorization()).isEqualTo("Bearer x"));
    assertThat(s.webhookRetry().attempts()).isEqualTo(5);
  }

  @Test
  void everyMistakeIsNamedByItsKey() {
    assertThatThrownBy(() -> settings(Map.of(
        "costfleet.quota.degraded.budget-factor", "1.5",
        "costfleet.quota.forecast-window-days", "0",
        "costfleet.budgets.cost-centers.payments.amount", "-1",
        "costfleet.budgets.cost-centers.search.amount", "10",
        "costfleet.budgets.cost-centers.search.thresholds", "spent:80",
        "costfleet.budgets.business-units.retail.amount", "10",
        "costfleet.budgets.business-units.retail.business-unit", "x",
        "costfleet.budgets.webhooks[0].url", "ftp://example.com")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("costfleet.quota.forecast-window-days must be 1..31")
        .hasMessageContaining("costfleet.budgets.cost-centers.payments.amount")
        .hasMessageContaining("costfleet.budgets.cost-centers.search.thresholds: 'spent:80'")
        .hasMessageContaining("costfleet.budgets.business-units.retail.business-unit")
        .hasMessageContaining("costfleet.budgets.webhooks[0].url");
  }
}
