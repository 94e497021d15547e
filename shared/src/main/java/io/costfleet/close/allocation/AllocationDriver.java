package io.costfleet.close.allocation;

import java.math.BigDecimal;
import java.util.Map;

/**
 * The SPI of stage 3: how a shared rule's pool is split across cost centers. A driver is named in
 * rule files ({@code driver: compute-spend}) and registered in a {@link DriverRegistry}; the core
 * computes the pool, asks the driver for weights per slice and splits each slice to the cent with
 * {@link LargestRemainder} — a driver never touches amounts or rounding.
 *
 * <p>To add a driver (e.g. {@code db-consumption}, splitting a database's cost by measured tenant
 * consumption): implement this interface, read its own keys in {@link #configure} (a rule key the
 * driver does not read is rejected with its line), return weights per cost center from
 * {@link Configured#weights}, and register it: {@code DriverRegistry.builtins().with(new MyDriver(...))}.
 * A driver that needs per-resource slices (one database among several in the pool) says so with
 * {@link Configured#perResource()}.
 */
public interface AllocationDriver {

  /** The name rule files use. Lower case, words joined by hyphens. */
  String name();

  /**
   * Configures the driver for one shared rule. Read every key the driver understands through
   * {@code parameters}; throw {@link DriverParameters#error} for a bad value so the line is named.
   */
  Configured configure(DriverParameters parameters) throws RuleFileException;

  /** A driver configured for one rule. Implementations are immutable and thread-safe. */
  interface Configured {

    /** Whether the core should slice the pool per ResourceId (default: no, slices are per provider, service and day). */
    default boolean perResource() {
      return false;
    }

    /**
     * Non-negative weights per cost center for one slice of the pool. An empty map, or one whose
     * weights are all zero, leaves the slice on the unallocated cost center (never dropped).
     */
    Map<String, BigDecimal> weights(PoolSlice slice, DriverContext context);
  }
}
