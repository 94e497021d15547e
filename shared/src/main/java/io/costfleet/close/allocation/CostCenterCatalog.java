package io.costfleet.close.allocation;

import java.util.Map;
import java.util.TreeMap;

/**
 * The cost centers a rule file knows, each with its business unit. When the catalogue is empty any
 * tag value is accepted as a cost center; when it is not, only known cost centers are.
 */
public record CostCenterCatalog(Map<String, String> businessUnits) {
  public CostCenterCatalog {
    businessUnits = java.util.Collections.unmodifiableMap(new TreeMap<>(businessUnits));
  }

  public boolean isEmpty() {
    return businessUnits.isEmpty();
  }

  public boolean knows(String costCenter) {
    return businessUnits.containsKey(costCenter);
  }

  /** The business unit of a cost center, or null when the catalogue does not list it. */
  public String businessUnitOf(String costCenter) {
    return businessUnits.get(costCenter);
  }
}
