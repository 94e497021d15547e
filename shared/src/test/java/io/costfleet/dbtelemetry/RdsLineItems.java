package io.costfleet.dbtelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.costfleet.model.CostRecord;
import io.costfleet.testing.Records;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Simulated RDS line items of one database resource for November 2026, and the checks of their allocation. */
final class RdsLineItems {
  private RdsLineItems() {}

  static CostRecord item(String resourceId, String usageType, String amount) {
    return Records.valid()
        .billedCost(new BigDecimal(amount)).effectiveCost(new BigDecimal(amount)).listCost(new BigDecimal(amount))
        .contractedCost(new BigDecimal(amount)).pricingQuantity(BigDecimal.ONE)
        .billingPeriodStart(Instant.parse("2026-11-01T00:00:00Z")).billingPeriodEnd(Instant.parse("2026-12-01T00:00:00Z"))
        .chargePeriodStart(Instant.parse("2026-11-01T00:00:00Z")).chargePeriodEnd(Instant.parse("2026-12-01T00:00:00Z"))
        .serviceCategory("Databases").serviceName("Amazon Relational Database Service")
        .chargeDescription("simulated " + usageType).resourceId(resourceId).xUsageType(usageType)
        .tags(Map.of()).build();
  }

  /** Instance hours, storage, I/O, and a data-transfer line of no single component. */
  static List<CostRecord> bill(String resourceId) {
    return List.of(
        item(resourceId, "USE1-InstanceUsage:db.r6g.large", "1234.57"),
        item(resourceId, "USE1-RDS:GP3-Storage", "345.67"),
        item(resourceId, "USE1-Aurora:StorageIOUsage", "78.91"),
        item(resourceId, "USE1-DataTransfer-Out-Bytes", "12.35"));
  }

  /**
   * Allocates the bill and checks, per line item: the allocated records add up to it to the cent,
   * every record names the rule and version, and each cost center's part is its measured share
   * (of the line item's component, or the blend) within 1%.
   */
  static List<CostRecord> allocateAndCheck(ResourceConsumption rc, DbConsumptionRule rule) {
    DbConsumptionAllocator allocator = new DbConsumptionAllocator(rule);
    List<CostRecord> bill = bill(rc.resourceId());
    DbConsumptionAllocator.Result result = allocator.allocate(bill, Map.of(rc.resourceId().toLowerCase(), rc));
    assertThat(result.unmapped()).isEmpty();
    for (CostRecord item : bill) {
      List<CostRecord> parts = result.allocated().stream()
          .filter(r -> r.xUsageType().equals(item.xUsageType())).toList();
      assertThat(DbConsumptionAllocator.sum(parts, CostRecord::billedCost)).as("%s adds up", item.xUsageType())
          .isEqualByComparingTo(item.billedCost());
      assertThat(DbConsumptionAllocator.sum(parts, CostRecord::effectiveCost)).isEqualByComparingTo(item.effectiveCost());
      assertThat(parts).allSatisfy(p -> {
        assertThat(p.billedCost().scale()).isLessThanOrEqualTo(2);
        assertThat(p.xAllocationRule()).startsWith(rule.name() + "/");
        assertThat(p.xAllocationVersion()).isEqualTo(rule.version());
        assertThat(p.xCostCenter()).isNotBlank();
      });
      Optional<Component> component = rule.classifier().classify(item);
      Map<String, BigDecimal> expected = expectedShares(rc, component, rule);
      Map<String, BigDecimal> actual = new TreeMap<>();
      for (CostRecord p : parts) {
        actual.merge(p.xCostCenter(), p.billedCost().divide(item.billedCost(), MathContext.DECIMAL64), BigDecimal::add);
      }
      assertThat(actual.keySet()).isEqualTo(expected.keySet());
      expected.forEach((cc, share) -> assertThat(actual.get(cc).doubleValue())
          .as("%s share of %s", cc, item.xUsageType()).isCloseTo(share.doubleValue(), within(0.01)));
    }
    return result.allocated();
  }

  /** The measured shares, computed here from the consumption without the allocator. */
  static Map<String, BigDecimal> expectedShares(ResourceConsumption rc, Optional<Component> component,
      DbConsumptionRule rule) {
    Map<String, BigDecimal> out = new TreeMap<>();
    if (component.isPresent() && rc.total(component.get()).signum() > 0) {
      for (String cc : rc.measure(component.get()).keySet()) {
        out.put(cc, rc.share(component.get(), cc));
      }
      return out;
    }
    double blendTotal = 0;
    for (Component c : Component.values()) {
      if (rc.total(c).signum() > 0) {
        blendTotal += rule.blend().get(c).doubleValue();
      }
    }
    for (Component c : Component.values()) {
      if (rc.total(c).signum() == 0) {
        continue;
      }
      for (String cc : rc.measure(c).keySet()) {
        double part = rule.blend().get(c).doubleValue() / blendTotal * rc.share(c, cc).doubleValue();
        out.merge(cc, BigDecimal.valueOf(part), BigDecimal::add);
      }
    }
    out.values().removeIf(v -> v.signum() == 0);
    return out;
  }
}
