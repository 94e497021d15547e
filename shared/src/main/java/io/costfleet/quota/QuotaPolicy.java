package io.costfleet.quota;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * How quota decisions are made ({@code costfleet.quota.*}).
 *
 * @param forecastWindowDays   the run rate is taken over this many days up to the last day with data
 *                             ({@code forecast-window-days}, default 7)
 * @param degradedBudgetFactor while degraded, a request must fit in this fraction of the budget (the
 *                             strict cap, {@code degraded.budget-factor}, default 0.9)
 * @param degradedMaxRequest   while degraded, a request costing more than this is denied whatever the
 *                             budget ({@code degraded.max-request}; null: no such cap)
 */
public record QuotaPolicy(int forecastWindowDays, BigDecimal degradedBudgetFactor, BigDecimal degradedMaxRequest) {

  public QuotaPolicy {
    if (forecastWindowDays < 1 || forecastWindowDays > 31) {
      throw new IllegalArgumentException("costfleet.quota.forecast-window-days must be 1..31, was " + forecastWindowDays);
    }
    Objects.requireNonNull(degradedBudgetFactor, "degradedBudgetFactor");
    if (degradedBudgetFactor.signum() <= 0 || degradedBudgetFactor.compareTo(BigDecimal.ONE) > 0) {
      throw new IllegalArgumentException("costfleet.quota.degraded.budget-factor must be in (0, 1], was "
          + degradedBudgetFactor.toPlainString());
    }
    if (degradedMaxRequest != null && degradedMaxRequest.signum() < 0) {
      throw new IllegalArgumentException("costfleet.quota.degraded.max-request must not be negative, was "
          + degradedMaxRequest.toPlainString());
    }
  }

  public static QuotaPolicy defaults() {
    return new QuotaPolicy(7, new BigDecimal("0.9"), null);
  }
}
