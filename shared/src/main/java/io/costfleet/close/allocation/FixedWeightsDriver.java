package io.costfleet.close.allocation;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code fixed-weights}: the weights are written in the rule, {@code weights: {cc-web: 3, cc-data: 1}}.
 * With a cost center catalogue, every weighted cost center must be in it.
 */
public final class FixedWeightsDriver implements AllocationDriver {

  @Override
  public String name() {
    return "fixed-weights";
  }

  @Override
  public Configured configure(DriverParameters p) throws RuleFileException {
    Map<String, BigDecimal> weights = new TreeMap<>(p.weights("weights"));
    if (!p.catalog().isEmpty()) {
      for (String cc : weights.keySet()) {
        if (!p.catalog().knows(cc)) {
          throw p.error("weights", "weights name cost center '" + cc + "', which cost_centers does not list");
        }
      }
    }
    Map<String, BigDecimal> fixed = Map.copyOf(weights);
    return (slice, ctx) -> {
      Map<String, BigDecimal> w = new TreeMap<>();
      fixed.forEach((cc, v) -> {
        if (ctx.targets().isEmpty() || ctx.targets().contains(cc)) {
          w.put(cc, v);
        }
      });
      return w;
    };
  }
}
