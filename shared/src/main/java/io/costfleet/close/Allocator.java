package io.costfleet.close;

import io.costfleet.close.CloseDatabase.PlacedLine;
import io.costfleet.close.allocation.AllocationRules;
import io.costfleet.close.allocation.DirectLine;
import io.costfleet.close.allocation.DriverContext;
import io.costfleet.close.allocation.LargestRemainder;
import io.costfleet.close.allocation.Placement;
import io.costfleet.close.allocation.PoolSlice;
import io.costfleet.close.allocation.RuleEvaluator;
import io.costfleet.close.allocation.SharedRule;
import io.costfleet.close.currency.RateTable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Turns placed cost into chargeback rows: converts to the base currency, splits every shared slice
 * with its driver's weights ({@link LargestRemainder}), and leaves slices a driver cannot weigh on
 * the unallocated cost center. The rows add up exactly to the placed total.
 */
final class Allocator {

  /** The rows, the exact converted total they add up to, and notes about slices left unallocated. */
  record Result(List<ChargebackRow> rows, BigDecimal billedTotal, BigDecimal effectiveTotal, List<String> notes) {}

  private record DirectKey(String cc, String bu, String rule, String method, String provider, String providerName,
      String category, String service, LocalDate day, String unit) {}

  private record SliceKey(String rule, String provider, String providerName, String category, String service,
      LocalDate day, String resource) {}

  private record RowKey(String bu, String cc, String provider, String providerName, String category, String service,
      LocalDate day, String rule, String method) {}

  private static final Comparator<String> NULLS = Comparator.nullsFirst(Comparator.naturalOrder());
  private static final Comparator<SliceKey> SLICE_ORDER = Comparator.comparing(SliceKey::rule)
      .thenComparing(SliceKey::provider, NULLS).thenComparing(SliceKey::providerName, NULLS)
      .thenComparing(SliceKey::category, NULLS).thenComparing(SliceKey::service, NULLS)
      .thenComparing(SliceKey::day).thenComparing(SliceKey::resource, NULLS);

  private static final Comparator<DirectKey> DIRECT_ORDER = Comparator.comparing(DirectKey::cc, NULLS)
      .thenComparing(DirectKey::bu, NULLS).thenComparing(DirectKey::rule, NULLS).thenComparing(DirectKey::method, NULLS)
      .thenComparing(DirectKey::provider, NULLS).thenComparing(DirectKey::providerName, NULLS)
      .thenComparing(DirectKey::category, NULLS).thenComparing(DirectKey::service, NULLS).thenComparing(DirectKey::day)
      .thenComparing(DirectKey::unit, NULLS);
  private static final Comparator<RowKey> ROW_ORDER = Comparator.comparing(RowKey::bu, NULLS)
      .thenComparing(RowKey::cc, NULLS).thenComparing(RowKey::provider, NULLS).thenComparing(RowKey::providerName, NULLS)
      .thenComparing(RowKey::category, NULLS).thenComparing(RowKey::service, NULLS).thenComparing(RowKey::day)
      .thenComparing(RowKey::rule, NULLS).thenComparing(RowKey::method, NULLS);

  private Allocator() {}

  static Result allocate(YearMonth period, AllocationRules rules, RuleEvaluator evaluator, RateTable rates,
      List<PlacedLine> placed) throws RateTable.MissingRateException {
    Map<DirectKey, BigDecimal[]> direct = new TreeMap<>(DIRECT_ORDER);
    Map<SliceKey, BigDecimal[]> slices = new TreeMap<>(SLICE_ORDER);
    BigDecimal billedTotal = BigDecimal.ZERO;
    BigDecimal effectiveTotal = BigDecimal.ZERO;
    for (PlacedLine l : placed) {
      LocalDate day = l.day() == null ? period.atDay(1) : l.day();
      BigDecimal billed = rates.convert(l.billedCost(), l.currency(), day);
      BigDecimal effective = rates.convert(l.effectiveCost(), l.currency(), day);
      billedTotal = billedTotal.add(billed);
      effectiveTotal = effectiveTotal.add(effective);
      BigDecimal[] acc;
      if (l.sharedRule() == null) {
        acc = direct.computeIfAbsent(new DirectKey(l.costCenter(), l.businessUnit(), l.rule(), l.method(), l.provider(),
            l.providerName(), l.serviceCategory(), l.serviceName(), day, l.consumedUnit()), k -> zeros());
        acc[2] = l.consumedQuantity() == null ? acc[2] : acc[2].add(l.consumedQuantity());
      } else {
        acc = slices.computeIfAbsent(new SliceKey(l.sharedRule(), l.provider(), l.providerName(), l.serviceCategory(),
            l.serviceName(), day, l.resourceId()), k -> zeros());
      }
      acc[0] = acc[0].add(billed);
      acc[1] = acc[1].add(effective);
      acc[3] = acc[3].add(BigDecimal.valueOf(l.records()));
    }

    List<DirectLine> directLines = new ArrayList<>();
    Map<RowKey, BigDecimal[]> rows = new TreeMap<>(ROW_ORDER);
    direct.forEach((k, v) -> {
      directLines.add(new DirectLine(k.cc(), k.bu(), k.rule(), Placement.Method.valueOf(k.method().toUpperCase(java.util.Locale.ROOT)),
          k.provider(), k.providerName(), k.category(), k.service(), k.day(), k.unit(), v[0], v[1], v[2], v[3].longValue()));
      add(rows, new RowKey(k.bu(), k.cc(), k.provider(), k.providerName(), k.category(), k.service(), k.day(), k.rule(),
          k.method()), v[0], v[1]);
    });
    List<DirectLine> frozen = List.copyOf(directLines);
    Map<String, String> businessUnits = new TreeMap<>();
    for (DirectLine l : frozen) {
      businessUnits.putIfAbsent(l.costCenter(), l.businessUnit());
    }

    Map<String, SharedRule> byName = new TreeMap<>();
    rules.sharedRules().forEach(r -> byName.put(r.name(), r));
    List<String> notes = new ArrayList<>();
    Map<String, DriverContext> contexts = new TreeMap<>();
    for (Map.Entry<SliceKey, BigDecimal[]> e : slices.entrySet()) {
      SliceKey k = e.getKey();
      SharedRule rule = byName.get(k.rule());
      PoolSlice slice = new PoolSlice(k.rule(), k.provider(), k.providerName(), k.category(), k.service(), k.day(),
          k.resource(), e.getValue()[0], e.getValue()[1], e.getValue()[3].longValue());
      DriverContext ctx = contexts.computeIfAbsent(rule.name(), n -> context(period, rates.baseCurrency(), frozen,
          Set.copyOf(rule.targets()), rules.unallocatedCostCenter()));
      Map<String, BigDecimal> weights = rule.driver().weights(slice, ctx);
      boolean usable = weights != null && weights.values().stream().anyMatch(w -> w.signum() > 0)
          && weights.values().stream().noneMatch(w -> w.signum() < 0);
      if (!usable) {
        Placement.Direct u = evaluator.unallocated(k.rule());
        add(rows, new RowKey(u.businessUnit(), u.costCenter(), k.provider(), k.providerName(), k.category(), k.service(),
            k.day(), k.rule(), Placement.Method.UNALLOCATED.code()), slice.billedCost(), slice.effectiveCost());
        if (notes.size() < 50) {
          notes.add("shared rule '" + k.rule() + "' (driver " + rule.driverName() + ") had no weights for " + k.provider()
              + " / " + k.service() + " on " + k.day() + (k.resource() == null ? "" : " / " + k.resource())
              + ": left on " + u.costCenter());
        }
        continue;
      }
      SortedMap<String, BigDecimal> billed = LargestRemainder.split(slice.billedCost(), weights);
      SortedMap<String, BigDecimal> effective = LargestRemainder.split(slice.effectiveCost(), weights);
      for (String cc : billed.keySet()) {
        String bu = businessUnits.containsKey(cc) && rules.catalog().businessUnitOf(cc) == null
            ? businessUnits.get(cc) : evaluator.businessUnit(cc, null);
        add(rows, new RowKey(bu, cc, k.provider(), k.providerName(), k.category(), k.service(), k.day(), k.rule(),
            Placement.Method.SHARED.code()), billed.get(cc), effective.get(cc));
      }
    }

    List<ChargebackRow> out = new ArrayList<>(rows.size());
    BigDecimal checkBilled = BigDecimal.ZERO;
    BigDecimal checkEffective = BigDecimal.ZERO;
    for (Map.Entry<RowKey, BigDecimal[]> e : rows.entrySet()) {
      RowKey k = e.getKey();
      out.add(new ChargebackRow(period, k.bu(), k.cc(), k.provider(), k.providerName(), k.category(), k.service(), k.day(),
          k.rule(), k.method(), rules.version(), rates.baseCurrency(), e.getValue()[0], e.getValue()[1]));
      checkBilled = checkBilled.add(e.getValue()[0]);
      checkEffective = checkEffective.add(e.getValue()[1]);
    }
    if (checkBilled.compareTo(billedTotal) != 0 || checkEffective.compareTo(effectiveTotal) != 0) {
      throw new IllegalStateException("allocation lost money: rows add up to " + checkBilled + " / " + checkEffective
          + " but the placed total is " + billedTotal + " / " + effectiveTotal);
    }
    out.sort(ChargebackRow.ORDER);
    return new Result(out, billedTotal, effectiveTotal, notes);
  }

  private static DriverContext context(YearMonth period, String base, List<DirectLine> lines, Set<String> targets,
      String unallocated) {
    return new DriverContext() {
      @Override public YearMonth period() { return period; }
      @Override public String baseCurrency() { return base; }
      @Override public List<DirectLine> directLines() { return lines; }
      @Override public Set<String> targets() { return targets; }
      @Override public String unallocatedCostCenter() { return unallocated; }
    };
  }

  private static void add(Map<RowKey, BigDecimal[]> rows, RowKey key, BigDecimal billed, BigDecimal effective) {
    BigDecimal[] acc = rows.computeIfAbsent(key, k -> zeros());
    acc[0] = acc[0].add(billed);
    acc[1] = acc[1].add(effective);
  }

  private static BigDecimal[] zeros() {
    return new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};
  }
}
