package io.costfleet.close;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Comparator;

/**
 * One row of the chargeback dataset: the cost of one business unit and cost center, on one
 * provider's service, on one day, placed by one rule of one rule-file version, in the base
 * currency. Amounts are exact (18 decimals); reports round them HALF_UP to cents.
 */
public record ChargebackRow(YearMonth period, String businessUnit, String costCenter, String provider,
    String providerName, String serviceCategory, String serviceName, LocalDate day, String allocationRule,
    String allocationMethod, String allocationVersion, String currency, BigDecimal billedCost, BigDecimal effectiveCost) {

  /** The order rows are written in: business unit, cost center, provider, service, day, rule. */
  public static final Comparator<ChargebackRow> ORDER = Comparator
      .comparing(ChargebackRow::businessUnit, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(ChargebackRow::costCenter, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(ChargebackRow::provider, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(ChargebackRow::providerName, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(ChargebackRow::serviceCategory, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(ChargebackRow::serviceName, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(ChargebackRow::day)
      .thenComparing(ChargebackRow::allocationRule)
      .thenComparing(ChargebackRow::allocationMethod);
}
