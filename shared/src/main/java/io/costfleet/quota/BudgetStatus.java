package io.costfleet.quota;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;

/** Where a budget stands in a period: the projection and, per threshold, its amount and whether it is crossed. */
public record BudgetStatus(Budget budget, YearMonth period, Projection projection, List<ThresholdStatus> thresholds) {

  public BudgetStatus {
    thresholds = List.copyOf(thresholds);
  }

  /**
   * @param amount  the share of the budget the threshold stands for
   * @param value   what is compared with it: actual, or actual + forecast
   * @param crossed {@code value >= amount}
   */
  public record ThresholdStatus(Threshold threshold, BigDecimal amount, BigDecimal value, boolean crossed) {}
}
