package io.costfleet.quota;

import io.costfleet.degrade.Freshness;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;

/**
 * The answer to a quota request: allowed or not, on what data ({@link Freshness}: degraded or not,
 * its age), what the request was priced at, and the budget checks it went through (the cost center's,
 * then its business unit's when it has a budget). Amounts are exact, in {@code currency}.
 *
 * @param conservative whether the degraded rules were applied (highest known unit cost, peak run
 *                     rate, the strict cap)
 */
public record QuotaDecision(String costCenter, YearMonth period, String currency, boolean allowed, boolean conservative,
    Freshness freshness, Pricing pricing, List<Check> checks, List<String> notes) {

  public QuotaDecision {
    checks = List.copyOf(checks);
    notes = List.copyOf(notes);
  }

  /**
   * How the request was priced.
   *
   * @param basis             {@code amount}, {@code amount at the highest known unit cost},
   *                          {@code last-known unit cost} or {@code highest known unit cost}
   * @param requested         the amount or quantity asked for
   * @param service           the service it is for (null: any)
   * @param unit              the pricing unit of a quantity (null for an amount)
   * @param lastKnownUnitCost the unit cost of the latest day with usage (null: none known)
   * @param highestUnitCost   the highest unit cost of the period (null: none known)
   * @param factor            what the amount was multiplied by ({@code highest / last-known}, 1 when healthy)
   * @param cost              what the request counts as against the budget
   */
  public record Pricing(String basis, BigDecimal requested, String service, String unit, BigDecimal lastKnownUnitCost,
      BigDecimal highestUnitCost, BigDecimal factor, BigDecimal cost) {}

  /**
   * One budget the request must fit in.
   *
   * @param limit     the budget, or its strict-cap fraction when degraded
   * @param projected actual + forecast + the request's cost
   */
  public record Check(Budget.Scope scope, String name, BigDecimal budget, BigDecimal limit, Projection projection,
      BigDecimal request, BigDecimal projected, boolean allowed) {}
}
