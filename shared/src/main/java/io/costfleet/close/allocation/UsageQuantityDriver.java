package io.costfleet.close.allocation;

import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code usage-quantity}: weights are each cost center's directly allocated ConsumedQuantity in one
 * unit over the period. Keys: {@code unit} (required, ConsumedUnit, e.g. {@code Hours}),
 * {@code service} and {@code service_category} (optional filters, {@code *} wildcards).
 */
public final class UsageQuantityDriver implements AllocationDriver {

  @Override
  public String name() {
    return "usage-quantity";
  }

  @Override
  public Configured configure(DriverParameters p) throws RuleFileException {
    String unit = p.string("unit");
    Optional<Pattern> service = p.optionalString("service").map(Match::glob);
    Optional<Pattern> category = p.optionalString("service_category").map(Match::glob);
    Map<DriverContext, Map<String, BigDecimal>> memo = new ConcurrentHashMap<>();
    return (slice, ctx) -> memo.computeIfAbsent(ctx, k -> {
      Map<String, BigDecimal> w = new TreeMap<>();
      for (DirectLine l : ctx.directLines()) {
        if (ctx.eligible(l.costCenter()) && unit.equalsIgnoreCase(l.consumedUnit()) && l.consumedQuantity() != null
            && (service.isEmpty() || (l.serviceName() != null && service.get().matcher(l.serviceName()).matches()))
            && (category.isEmpty() || (l.serviceCategory() != null && category.get().matcher(l.serviceCategory()).matches()))) {
          w.merge(l.costCenter(), l.consumedQuantity(), BigDecimal::add);
        }
      }
      w.values().removeIf(v -> v.signum() <= 0);
      return Map.copyOf(w);
    });
  }
}
