package io.costfleet.close.allocation;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.TreeMap;

/**
 * {@code compute-spend}: weights are each cost center's directly allocated spend in a service
 * category over the whole period. Keys: {@code service_category} (default {@code Compute}),
 * {@code cost} ({@code effective} default, or {@code billed}), {@code same_provider} (default
 * false: weigh spend on every provider; true: only on the slice's provider). Weights are computed
 * once per close (and provider).
 */
public final class ComputeSpendDriver implements AllocationDriver {

  @Override
  public String name() {
    return "compute-spend";
  }

  @Override
  public Configured configure(DriverParameters p) throws RuleFileException {
    String category = p.optionalString("service_category").orElse("Compute");
    String cost = p.optionalString("cost").orElse("effective");
    if (!cost.equals("effective") && !cost.equals("billed")) {
      throw p.error("cost", "cost must be 'effective' or 'billed', got '" + cost + "'");
    }
    boolean effective = cost.equals("effective");
    boolean sameProvider = p.bool("same_provider", false);
    Map<List<Object>, Map<String, BigDecimal>> memo = new ConcurrentHashMap<>();
    return (slice, ctx) -> memo.computeIfAbsent(List.of(ctx, sameProvider ? java.util.Objects.toString(slice.provider(), "") : ""), k -> {
      Map<String, BigDecimal> w = new TreeMap<>();
      for (DirectLine l : ctx.directLines()) {
        if (ctx.eligible(l.costCenter()) && category.equalsIgnoreCase(l.serviceCategory())
            && (!sameProvider || java.util.Objects.equals(l.provider(), slice.provider()))) {
          w.merge(l.costCenter(), effective ? l.effectiveCost() : l.billedCost(), BigDecimal::add);
        }
      }
      w.values().removeIf(v -> v.signum() <= 0);
      return Map.copyOf(w);
    });
  }
}
