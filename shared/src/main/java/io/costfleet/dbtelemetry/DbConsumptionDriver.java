package io.costfleet.dbtelemetry;

import io.costfleet.close.allocation.AllocationDriver;
import io.costfleet.close.allocation.DriverContext;
import io.costfleet.close.allocation.DriverParameters;
import io.costfleet.close.allocation.DriverRegistry;
import io.costfleet.close.allocation.PoolSlice;
import io.costfleet.close.allocation.RuleFileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The close's {@value DbConsumptionRule#DRIVER} driver: weighs each database resource's slices by
 * what its tenants consumed in the period ({@link ConsumptionReader}). Slices are per resource
 * ({@link Configured#perResource()}); the close splits them to the cent. The pool carries no usage
 * type, so the bill's split into compute, storage and I/O is done by the rules' {@code match} on
 * {@code usage_type}, one shared rule per component:
 *
 * <pre>
 * shared:
 *   - name: orders-db-compute
 *     match: { resource_id: "arn:aws:rds:*:db:orders", usage_type: ["*InstanceUsage*", "*Multi-AZUsage*"] }
 *     driver: db-consumption
 *     component: compute
 *   - name: orders-db-storage
 *     match: { resource_id: "arn:aws:rds:*:db:orders", usage_type: ["*Storage*", "*Backup*"] }
 *     driver: db-consumption
 *     component: storage
 *   - name: orders-db-other
 *     match: { resource_id: "arn:aws:rds:*:db:orders" }
 *     driver: db-consumption                   # component: blended (the default)
 *     blend: { compute: 0.6, storage: 0.3, io: 0.1 }
 * </pre>
 *
 * Keys: {@code component} ({@code compute}, {@code storage}, {@code io} or {@code blended}) and
 * {@code blend} (weights of the components for {@code blended}, and for a component nothing was
 * measured for; default {@link DbConsumptionRule#DEFAULT_BLEND}). Unclaimed and unmeasured use goes
 * to the telemetry's unattributed cost center; a rule's {@code targets} limit the tenants' cost
 * centers (the unattributed one always keeps its share); a slice of a resource no endpoint is billed
 * as gets no weights and stays on the close's unallocated cost center, with a note.
 */
public final class DbConsumptionDriver implements AllocationDriver {
  private final ConsumptionReader reader;
  private final DbTelemetryConfig config;
  private final Map<YearMonth, Map<String, ResourceConsumption>> byPeriod = new ConcurrentHashMap<>();

  public DbConsumptionDriver(TelemetryStore store, DbTelemetryConfig config) {
    this.reader = new ConsumptionReader(store, config);
    this.config = config;
  }

  /** The close's built-in drivers and this one. */
  public static DriverRegistry registry(TelemetryStore store, DbTelemetryConfig config) {
    return DriverRegistry.builtins().with(new DbConsumptionDriver(store, config));
  }

  @Override
  public String name() {
    return DbConsumptionRule.DRIVER;
  }

  @Override
  public Configured configure(DriverParameters p) throws RuleFileException {
    Optional<Component> component;
    String c = p.optionalString("component").orElse("blended").strip().toLowerCase(Locale.ROOT);
    if (c.equals("blended")) {
      component = Optional.empty();
    } else {
      try {
        component = Optional.of(Component.of(c));
      } catch (IllegalArgumentException e) {
        throw p.error("component", "component must be compute, storage, io or blended, was '" + c + "'");
      }
    }
    Map<Component, BigDecimal> blend = new EnumMap<>(Component.class);
    if (p.optional("blend").isPresent()) {
      for (Map.Entry<String, BigDecimal> e : p.weights("blend").entrySet()) {
        try {
          blend.put(Component.of(e.getKey()), e.getValue());
        } catch (IllegalArgumentException ex) {
          throw p.error("blend", "blend names compute, storage and io, not '" + e.getKey() + "'");
        }
      }
    } else {
      blend.putAll(DbConsumptionRule.DEFAULT_BLEND);
    }
    DbConsumptionAllocator allocator = new DbConsumptionAllocator(new DbConsumptionRule(p.ruleName(), "-",
        UsageTypeClassifier.defaults(), blend, config.unattributedCostCenter()));
    return new Configured() {
      @Override
      public boolean perResource() {
        return true;
      }

      @Override
      public Map<String, BigDecimal> weights(PoolSlice slice, DriverContext context) {
        ResourceConsumption rc = slice.resourceId() == null ? null
            : consumption(context.period()).get(slice.resourceId().strip().toLowerCase(Locale.ROOT));
        if (rc == null) {
          return Map.of();
        }
        Map<String, BigDecimal> weights = new java.util.TreeMap<>(allocator.weights(rc, component).weights());
        weights.keySet().removeIf(cc -> !cc.equals(config.unattributedCostCenter()) && !context.eligible(cc));
        return weights;
      }
    };
  }

  private Map<String, ResourceConsumption> consumption(YearMonth period) {
    return byPeriod.computeIfAbsent(period, p -> {
      try {
        return reader.readAll(p);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the database telemetry of " + p, e);
      }
    });
  }
}
