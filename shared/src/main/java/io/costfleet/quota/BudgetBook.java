package io.costfleet.quota;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Every configured budget, by scope and name, in {@code currency}. */
public record BudgetBook(String currency, Map<String, Budget> costCenters, Map<String, Budget> businessUnits) {

  public BudgetBook {
    costCenters = new TreeMap<>(costCenters);
    businessUnits = new TreeMap<>(businessUnits);
  }

  public Optional<Budget> costCenter(String name) {
    return Optional.ofNullable(costCenters.get(name));
  }

  public Optional<Budget> businessUnit(String name) {
    return Optional.ofNullable(name == null ? null : businessUnits.get(name));
  }

  /** Cost centers first, then business units, each by name. */
  public List<Budget> all() {
    List<Budget> out = new ArrayList<>(costCenters.values());
    out.addAll(businessUnits.values());
    return out;
  }
}
