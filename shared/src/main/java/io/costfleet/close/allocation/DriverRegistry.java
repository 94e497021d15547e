package io.costfleet.close.allocation;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The drivers rule files may name. Immutable; {@link #with} returns a registry with one more. */
public final class DriverRegistry {
  private final Map<String, AllocationDriver> drivers;

  private DriverRegistry(Map<String, AllocationDriver> drivers) {
    this.drivers = java.util.Collections.unmodifiableMap(new TreeMap<>(drivers));
  }

  /** compute-spend, usage-quantity, fixed-weights. */
  public static DriverRegistry builtins() {
    return new DriverRegistry(Map.of()).with(new ComputeSpendDriver()).with(new UsageQuantityDriver())
        .with(new FixedWeightsDriver());
  }

  public DriverRegistry with(AllocationDriver driver) {
    Map<String, AllocationDriver> next = new TreeMap<>(drivers);
    if (next.put(driver.name(), driver) != null) {
      throw new IllegalArgumentException("driver '" + driver.name() + "' is already registered");
    }
    return new DriverRegistry(next);
  }

  public Optional<AllocationDriver> find(String name) {
    return Optional.ofNullable(drivers.get(name));
  }

  public java.util.Set<String> names() {
    return drivers.keySet();
  }
}
