package io.costfleet.quota;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The {@code data} of a {@code io.costfleet.budget.breached} CloudEvent: which budget (scope and
 * name) crossed which threshold in which period, with the figures that crossed it, in {@code currency}.
 * The event's id is {@code budget-breached:<period>:<scope>:<name>:<kind>-<percent>}, the same for every
 * replica and every sync, and its subject {@code <scope>/<name>}.
 *
 * @param thresholdAmount the share of the budget the threshold stands for
 * @param value           what crossed it: actual, or actual + forecast
 * @param degraded        whether the data was degraded when the breach was found
 * @param dataAsOf        the oldest extraction time of the data
 */
public record BudgetBreach(String scope, String name, String billingPeriod, String kind, BigDecimal percent,
    BigDecimal budget, BigDecimal thresholdAmount, BigDecimal value, BigDecimal actual, BigDecimal forecast,
    String currency, boolean degraded, Instant dataAsOf, Instant detectedAt) {

  /** The deterministic event id of a breach. */
  public static String eventId(String period, Budget.Scope scope, String name, Threshold threshold) {
    return "budget-breached:" + period + ":" + scope.code() + ":" + name + ":" + threshold.code();
  }
}
