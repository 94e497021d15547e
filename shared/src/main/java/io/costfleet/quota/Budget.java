package io.costfleet.quota;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A budget for one billing period: of a cost center or of a business unit, in the base currency,
 * with its thresholds.
 *
 * @param businessUnit for a cost center, the business unit whose budget it also draws on (null: the
 *                     unit its cost is attributed to, if any)
 */
public record Budget(Scope scope, String name, BigDecimal amount, String businessUnit, List<Threshold> thresholds) {

  /** What a budget is for. */
  public enum Scope {
    COST_CENTER, BUSINESS_UNIT;

    /** {@code cost_center} or {@code business_unit}. */
    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Budget {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(amount, "amount");
    if (amount.signum() <= 0) {
      throw new IllegalArgumentException("the budget of " + scope.code() + " " + name + " must be positive, was "
          + amount.toPlainString());
    }
    thresholds = List.copyOf(thresholds);
  }
}
