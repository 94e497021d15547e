package io.costfleet.quota;

import io.costfleet.degrade.SpendSnapshot;
import io.costfleet.degrade.SpendSnapshot.DailySpend;
import io.costfleet.degrade.SpendSnapshot.UnitCost;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A period's spend over every provider account's snapshot: daily cost per cost center and per
 * business unit, unit costs per cost center, service and pricing unit (merged: the last-known unit
 * cost is the one of the latest day any account saw, the highest the highest any saw).
 */
public final class SpendView {
  private record PriceKey(String costCenter, String service, String unit) {}

  private final YearMonth period;
  private final int snapshots;
  private final String currency;
  private final LocalDate dataThrough;
  private final Map<String, Map<LocalDate, BigDecimal>> byCostCenter = new HashMap<>();
  private final Map<String, Map<LocalDate, BigDecimal>> byBusinessUnit = new HashMap<>();
  private final Map<String, String> businessUnits = new HashMap<>();
  private final Map<PriceKey, UnitCost> prices = new HashMap<>();

  private SpendView(YearMonth period, int snapshots, String currency, LocalDate dataThrough) {
    this.period = period;
    this.snapshots = snapshots;
    this.currency = currency;
    this.dataThrough = dataThrough;
  }

  /**
   * @throws IllegalStateException if the snapshots are in different currencies (the base currency changed
   *     without their being rebuilt)
   */
  public static SpendView of(YearMonth period, Collection<SpendSnapshot> snapshots) {
    String currency = null;
    LocalDate through = null;
    for (SpendSnapshot s : snapshots) {
      if (!s.period().equals(period)) {
        throw new IllegalArgumentException("snapshot " + s.key() + " is of " + s.period() + ", not " + period);
      }
      if (currency != null && !currency.equals(s.currency())) {
        throw new IllegalStateException("snapshots of " + period + " are in " + currency + " and " + s.currency());
      }
      currency = s.currency();
      if (s.dataThrough() != null && (through == null || s.dataThrough().isAfter(through))) {
        through = s.dataThrough();
      }
    }
    SpendView v = new SpendView(period, snapshots.size(), currency, through);
    Map<String, LocalDate> latestBusinessUnitDay = new HashMap<>();
    for (SpendSnapshot s : snapshots) {
      for (DailySpend d : s.days()) {
        v.byCostCenter.computeIfAbsent(d.costCenter(), k -> new TreeMap<>()).merge(d.day(), d.cost(), BigDecimal::add);
        if (d.businessUnit() != null) {
          v.byBusinessUnit.computeIfAbsent(d.businessUnit(), k -> new TreeMap<>()).merge(d.day(), d.cost(),
              BigDecimal::add);
          LocalDate seen = latestBusinessUnitDay.get(d.costCenter());
          if (seen == null || !d.day().isBefore(seen)) {
            latestBusinessUnitDay.put(d.costCenter(), d.day());
            v.businessUnits.put(d.costCenter(), d.businessUnit());
          }
        }
      }
      for (UnitCost u : s.unitCosts()) {
        v.prices.merge(new PriceKey(u.costCenter(), u.service(), u.unit()), u, SpendView::merge);
      }
    }
    return v;
  }

  private static UnitCost merge(UnitCost a, UnitCost b) {
    UnitCost last = a.lastKnownDay().isAfter(b.lastKnownDay()) ? a
        : b.lastKnownDay().isAfter(a.lastKnownDay()) ? b : a.lastKnown().compareTo(b.lastKnown()) >= 0 ? a : b;
    UnitCost high = a.highest().compareTo(b.highest()) >= 0 ? a : b;
    return new UnitCost(a.costCenter(), a.service(), a.unit(), last.lastKnown(), last.lastKnownDay(), high.highest(),
        high.highestDay());
  }

  public YearMonth period() {
    return period;
  }

  /** How many provider accounts' snapshots the view is made of. */
  public int snapshots() {
    return snapshots;
  }

  /** The currency of the amounts, empty when there are no snapshots. */
  public Optional<String> currency() {
    return Optional.ofNullable(currency);
  }

  /** The last charge day any account's data reaches. */
  public Optional<LocalDate> dataThrough() {
    return Optional.ofNullable(dataThrough);
  }

  /** Cost per charge day of a cost center or business unit (empty map: no cost seen). */
  public Map<LocalDate, BigDecimal> daily(Budget.Scope scope, String name) {
    Map<String, Map<LocalDate, BigDecimal>> m = scope == Budget.Scope.COST_CENTER ? byCostCenter : byBusinessUnit;
    return m.getOrDefault(name, Map.of());
  }

  /** The business unit the attribution put the cost center's latest cost under. */
  public Optional<String> businessUnitOf(String costCenter) {
    return Optional.ofNullable(businessUnits.get(costCenter));
  }

  /**
   * The unit costs that price a request of {@code costCenter} for {@code service} (any service when null)
   * in {@code unit} (any when null): the cost center's own; if it has none, every cost center's for
   * that service.
   */
  public List<UnitCost> unitCosts(String costCenter, String service, String unit) {
    List<UnitCost> own = select(costCenter, service, unit);
    return own.isEmpty() && service != null ? select(null, service, unit) : own;
  }

  private List<UnitCost> select(String costCenter, String service, String unit) {
    List<UnitCost> out = new ArrayList<>();
    for (Map.Entry<PriceKey, UnitCost> e : prices.entrySet()) {
      PriceKey k = e.getKey();
      if ((costCenter == null || costCenter.equals(k.costCenter())) && (service == null || service.equals(k.service()))
          && (unit == null || unit.equals(k.unit()))) {
        out.add(e.getValue());
      }
    }
    out.sort(Comparator.comparing(UnitCost::costCenter).thenComparing(UnitCost::service)
        .thenComparing(UnitCost::unit, Comparator.nullsFirst(Comparator.naturalOrder())));
    return out;
  }

  @Override
  public String toString() {
    return "SpendView[" + period + ", " + byCostCenter.size() + " cost centers, through " + dataThrough + "]";
  }
}
