package io.costfleet.dbtelemetry;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What each cost center consumed of one billed database resource in one period, per
 * {@link Component}: compute in statement execution microseconds, I/O in blocks, storage in
 * byte-milliseconds (bytes held × time). Usage no tenant claims is under the unattributed cost
 * center; nothing measured is left out.
 *
 * @param samples samples whose deltas fall in the period
 * @param resets  of those, samples taken after a counter reset (restart or statistics reset)
 * @param notes   what a reader should know (ambiguous tenants, a period without intervals)
 */
public record ResourceConsumption(String endpoint, String resourceId, YearMonth period,
    Map<Component, SortedMap<String, BigDecimal>> measures, long samples, long resets, List<String> notes) {

  public ResourceConsumption {
    Map<Component, SortedMap<String, BigDecimal>> copy = new EnumMap<>(Component.class);
    for (Component c : Component.values()) {
      SortedMap<String, BigDecimal> m = measures.get(c);
      copy.put(c, Collections.unmodifiableSortedMap(new TreeMap<>(m == null ? Map.of() : m)));
    }
    measures = Collections.unmodifiableMap(copy);
    notes = List.copyOf(notes);
  }

  /** The measure per cost center of one component. */
  public SortedMap<String, BigDecimal> measure(Component component) {
    return measures.get(component);
  }

  public BigDecimal total(Component component) {
    return measure(component).values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  /** A cost center's share of a component, 0 to 1 (0 when nothing was measured). */
  public BigDecimal share(Component component, String costCenter) {
    BigDecimal total = total(component);
    return total.signum() == 0 ? BigDecimal.ZERO
        : measure(component).getOrDefault(costCenter, BigDecimal.ZERO).divide(total, java.math.MathContext.DECIMAL128);
  }
}
