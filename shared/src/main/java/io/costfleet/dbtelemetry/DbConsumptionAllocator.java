package io.costfleet.dbtelemetry;

import io.costfleet.close.allocation.LargestRemainder;
import io.costfleet.model.CostRecord;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The {@value DbConsumptionRule#DRIVER} allocation: each line item of a mapped database resource
 * is split across cost centers by what they consumed of that resource in the period. Pure.
 *
 * <ul>
 *   <li>The line item's component comes from its usage type ({@link UsageTypeClassifier}); compute
 *       is split by execution time, storage by bytes held, I/O by blocks.</li>
 *   <li>A line item of no single component, or of a component nothing was measured for, is split by
 *       the blend of the measured components' shares ({@link DbConsumptionRule#blend()}).</li>
 *   <li>A resource with no measurement at all goes whole to the unattributed cost center.</li>
 * </ul>
 *
 * Every amount (BilledCost, EffectiveCost, ListCost, ContractedCost, PricingCurrencyEffectiveCost)
 * and quantity (PricingQuantity, ConsumedQuantity) is split to the cent with the close's
 * {@link LargestRemainder}, so the allocated records of a line item add up to it exactly. Each allocated record names
 * its cost center ({@code x_CostCenter}), the rule and component ({@code x_AllocationRule =
 * name/component}, {@code blended} for a blend) and the rules' version ({@code x_AllocationVersion}).
 */
public final class DbConsumptionAllocator {
  /** The allocated records, and the line items of resources without telemetry (left as they were). */
  public record Result(List<CostRecord> allocated, List<CostRecord> unmapped) {
    public Result {
      allocated = List.copyOf(allocated);
      unmapped = List.copyOf(unmapped);
    }
  }

  private static final int SHARE_SCALE = 18;

  private final DbConsumptionRule rule;

  public DbConsumptionAllocator(DbConsumptionRule rule) {
    this.rule = rule;
  }

  /** @param consumption the period's consumption per billed ResourceId in lower case ({@link ConsumptionReader#readAll}) */
  public Result allocate(List<CostRecord> lineItems, Map<String, ResourceConsumption> consumption) {
    List<CostRecord> allocated = new ArrayList<>();
    List<CostRecord> unmapped = new ArrayList<>();
    for (CostRecord r : lineItems) {
      ResourceConsumption rc = r.resourceId() == null ? null
          : consumption.get(r.resourceId().strip().toLowerCase(Locale.ROOT));
      if (rc == null) {
        unmapped.add(r);
      } else {
        allocated.addAll(split(r, rc));
      }
    }
    return new Result(allocated, unmapped);
  }

  /** The allocated records of one line item. */
  public List<CostRecord> split(CostRecord lineItem, ResourceConsumption rc) {
    Optional<Component> component = rule.classifier().classify(lineItem);
    Weights w = weights(rc, component);
    Map<String, CostRecord.Builder> out = new TreeMap<>();
    for (String cc : w.weights().keySet()) {
      if (w.weights().get(cc).signum() > 0) {
        out.put(cc, lineItem.toBuilder().xCostCenter(cc).xAllocationRule(rule.name() + "/" + w.label())
            .xAllocationVersion(rule.version()));
      }
    }
    splitInto(out, w.weights(), lineItem.billedCost(), CostRecord.Builder::billedCost);
    splitInto(out, w.weights(), lineItem.effectiveCost(), CostRecord.Builder::effectiveCost);
    splitInto(out, w.weights(), lineItem.listCost(), CostRecord.Builder::listCost);
    splitInto(out, w.weights(), lineItem.contractedCost(), CostRecord.Builder::contractedCost);
    splitInto(out, w.weights(), lineItem.pricingCurrencyEffectiveCost(),
        CostRecord.Builder::pricingCurrencyEffectiveCost);
    splitInto(out, w.weights(), lineItem.pricingQuantity(), CostRecord.Builder::pricingQuantity);
    splitInto(out, w.weights(), lineItem.consumedQuantity(), CostRecord.Builder::consumedQuantity);
    return out.values().stream().map(CostRecord.Builder::build).toList();
  }

  /** The weights of a line item of {@code component} (empty: no single one), and their label. */
  public Weights weights(ResourceConsumption rc, Optional<Component> component) {
    if (component.isPresent() && rc.total(component.get()).signum() > 0) {
      return new Weights(component.get().code(), rc.measure(component.get()));
    }
    BigDecimal blendTotal = BigDecimal.ZERO;
    for (Component c : Component.values()) {
      if (rc.total(c).signum() > 0) {
        blendTotal = blendTotal.add(rule.blend().get(c));
      }
    }
    if (blendTotal.signum() == 0) {
      return new Weights("unmeasured", Map.of(rule.unattributed(), BigDecimal.ONE));
    }
    SortedMap<String, BigDecimal> blended = new TreeMap<>();
    for (Component c : Component.values()) {
      BigDecimal total = rc.total(c);
      BigDecimal weight = rule.blend().get(c);
      if (total.signum() == 0 || weight.signum() == 0) {
        continue;
      }
      for (Map.Entry<String, BigDecimal> e : rc.measure(c).entrySet()) {
        BigDecimal share = e.getValue().multiply(weight).divide(total.multiply(blendTotal), SHARE_SCALE,
            RoundingMode.HALF_EVEN);
        blended.merge(e.getKey(), share, BigDecimal::add);
      }
    }
    return new Weights(component.map(c -> c.code() + "-unmeasured-blended").orElse("blended"), blended);
  }

  /** Weights per cost center and the label written after the rule name. */
  public record Weights(String label, Map<String, BigDecimal> weights) {}

  private static void splitInto(Map<String, CostRecord.Builder> out, Map<String, BigDecimal> weights,
      BigDecimal amount, BiFunction<CostRecord.Builder, BigDecimal, CostRecord.Builder> setter) {
    if (amount == null) {
      return;
    }
    SortedMap<String, BigDecimal> shares = LargestRemainder.split(amount, weights);
    shares.forEach((cc, share) -> setter.apply(out.get(cc), share));
  }

  /** Handy for tests and reports: the sum of a field over records. */
  public static BigDecimal sum(List<CostRecord> records, Function<CostRecord, BigDecimal> field) {
    return records.stream().map(field).filter(java.util.Objects::nonNull).reduce(BigDecimal.ZERO, BigDecimal::add);
  }
}
