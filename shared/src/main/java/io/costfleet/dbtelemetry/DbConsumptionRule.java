package io.costfleet.dbtelemetry;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How the {@value #DRIVER} driver splits database line items.
 *
 * @param name         the rule's name, written to {@code x_AllocationRule} as {@code name/component}
 * @param version      the rules' version, written to {@code x_AllocationVersion}
 * @param classifier   which component a line item is ({@link UsageTypeClassifier})
 * @param blend        weights of compute, storage and I/O for line items of no single component (and
 *                     for a component nothing was measured for); renormalized over the measured ones
 * @param unattributed the cost center of unmeasured or unclaimed consumption
 */
public record DbConsumptionRule(String name, String version, UsageTypeClassifier classifier,
    Map<Component, BigDecimal> blend, String unattributed) {
  /** The driver's name. */
  public static final String DRIVER = "db-consumption";
  /** Default blend: a typical RDS bill (compute 60%, storage 30%, I/O 10%). */
  public static final Map<Component, BigDecimal> DEFAULT_BLEND = Map.of(Component.COMPUTE, new BigDecimal("0.6"),
      Component.STORAGE, new BigDecimal("0.3"), Component.IO, new BigDecimal("0.1"));

  public DbConsumptionRule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(classifier, "classifier");
    Objects.requireNonNull(unattributed, "unattributed");
    Map<Component, BigDecimal> b = new EnumMap<>(Component.class);
    for (Component c : Component.values()) {
      BigDecimal w = blend == null ? null : blend.get(c);
      w = w == null ? BigDecimal.ZERO : w;
      if (w.signum() < 0) {
        throw new IllegalArgumentException("blend weight of " + c.code() + " must not be negative, was " + w);
      }
      b.put(c, w);
    }
    if (b.values().stream().allMatch(w -> w.signum() == 0)) {
      throw new IllegalArgumentException("the blend needs at least one positive weight");
    }
    blend = java.util.Collections.unmodifiableMap(b);
  }

  /** Name {@value #DRIVER}, default classifier and blend. */
  public static DbConsumptionRule defaults(String version, String unattributed) {
    return new DbConsumptionRule(DRIVER, version, UsageTypeClassifier.defaults(), DEFAULT_BLEND, unattributed);
  }
}
