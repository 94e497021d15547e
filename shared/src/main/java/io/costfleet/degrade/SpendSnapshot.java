package io.costfleet.degrade;

import io.costfleet.job.Provider;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Objects;

/**
 * The last-good spend aggregates of one provider account for one billing period, as the dispatcher
 * built them from the account's staged data when a job of it completed ({@link SpendAggregator}).
 * Stored in Redis at {@code lastgood:<provider>:<account>} (one hash field per period) and in each
 * dispatcher's local cache; quota decisions and budget checks read nothing else.
 *
 * @param asOf        when the data was extracted: the oldest completion time of the staged jobs read
 *                    (the data is as old as its oldest part); staleness is measured from it
 * @param dataThrough the last charge day in the data (null when the account had no charges)
 * @param currency    the currency of every amount (the close's base currency)
 * @param attribution how cost was attributed to cost centers ({@code rules <version>} or {@code tag <key>})
 * @param jobs        the job ids whose staged pages were read
 * @param days        effective cost per cost center and charge day
 * @param unitCosts   per cost center, service and pricing unit: the last-known and the highest unit cost
 */
public record SpendSnapshot(Provider provider, String account, YearMonth period, Instant asOf, LocalDate dataThrough,
    String currency, String attribution, List<String> jobs, List<DailySpend> days, List<UnitCost> unitCosts) {

  public SpendSnapshot {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(asOf, "asOf");
    Objects.requireNonNull(currency, "currency");
    jobs = List.copyOf(jobs);
    days = List.copyOf(days);
    unitCosts = List.copyOf(unitCosts);
  }

  /** {@code <provider>:<account>}, the snapshot's name in stores and messages. */
  public String key() {
    return provider.code() + ":" + account;
  }

  /**
   * Effective cost of one cost center on one charge day, in {@link #currency()}.
   *
   * @param businessUnit the business unit the attribution placed the cost center's cost under (may be null)
   */
  public record DailySpend(String costCenter, String businessUnit, LocalDate day, BigDecimal cost) {}

  /**
   * What one unit of a service cost a cost center: effective cost / pricing quantity of its usage
   * charges, per charge day. {@code lastKnown} is the unit cost of the latest day with usage,
   * {@code highest} the highest of the period.
   */
  public record UnitCost(String costCenter, String service, String unit, BigDecimal lastKnown,
      LocalDate lastKnownDay, BigDecimal highest, LocalDate highestDay) {}
}
