package io.costfleet.dbtelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costfleet.close.allocation.LargestRemainder;
import io.costfleet.model.CostRecord;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class DbConsumptionAllocatorTest {
  private static final String RESOURCE = "arn:aws:rds:us-east-1:1:db:orders";
  private final DbConsumptionRule rule = DbConsumptionRule.defaults("v7", "unattributed");
  private final DbConsumptionAllocator allocator = new DbConsumptionAllocator(rule);

  private static ResourceConsumption consumption(Map<String, Long> compute, Map<String, Long> storage,
      Map<String, Long> io) {
    Map<Component, SortedMap<String, BigDecimal>> m = new EnumMap<>(Component.class);
    m.put(Component.COMPUTE, decimals(compute));
    m.put(Component.STORAGE, decimals(storage));
    m.put(Component.IO, decimals(io));
    return new ResourceConsumption("orders", RESOURCE, YearMonth.of(2026, 11), m, 2, 0, List.of());
  }

  private static SortedMap<String, BigDecimal> decimals(Map<String, Long> m) {
    SortedMap<String, BigDecimal> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, BigDecimal.valueOf(v)));
    return out;
  }

  private static Map<String, BigDecimal> byCostCenter(List<CostRecord> records) {
    Map<String, BigDecimal> out = new TreeMap<>();
    records.forEach(r -> out.merge(r.xCostCenter(), r.billedCost(), BigDecimal::add));
    return out;
  }

  @Test
  void eachComponentIsSplitByItsOwnMeasureToTheCent() {
    ResourceConsumption rc = consumption(Map.of("a", 900L, "b", 100L), Map.of("a", 1L, "b", 3L),
        Map.of("a", 1L, "b", 1L, "unattributed", 1L));

    List<CostRecord> compute = allocator.split(RdsLineItems.item(RESOURCE, "USE1-InstanceUsage:db.r6g.large", "100.00"), rc);
    List<CostRecord> storage = allocator.split(RdsLineItems.item(RESOURCE, "USE1-RDS:GP3-Storage", "10.00"), rc);
    List<CostRecord> io = allocator.split(RdsLineItems.item(RESOURCE, "USE1-RDS:PIOPS", "1.00"), rc);

    assertThat(byCostCenter(compute)).containsExactlyEntriesOf(new TreeMap<>(Map.of("a", new BigDecimal("90.00"),
        "b", new BigDecimal("10.00"))));
    assertThat(byCostCenter(storage)).containsExactlyEntriesOf(new TreeMap<>(Map.of("a", new BigDecimal("2.50"),
        "b", new BigDecimal("7.50"))));
    assertThat(byCostCenter(io)).containsExactlyEntriesOf(new TreeMap<>(Map.of("a", new BigDecimal("0.34"),
        "b", new BigDecimal("0.33"), "unattributed", new BigDecimal("0.33"))));
    assertThat(compute).extracting(CostRecord::xAllocationRule).containsOnly("db-consumption/compute");
    assertThat(io).extracting(CostRecord::xAllocationVersion).containsOnly("v7");
    assertThat(compute.get(0).effectiveCost()).isEqualByComparingTo("90.00");
    assertThat(compute.get(0).pricingQuantity()).isEqualByComparingTo("0.90");
  }

  @Test
  void aLineOfNoComponentIsSplitByTheBlendOfMeasuredShares() {
    ResourceConsumption rc = consumption(Map.of("a", 1L, "b", 1L), Map.of("a", 1L), Map.of());

    List<CostRecord> transfer = allocator.split(RdsLineItems.item(RESOURCE, "USE1-DataTransfer-Out-Bytes", "90.00"), rc);
    List<CostRecord> io = allocator.split(RdsLineItems.item(RESOURCE, "USE1-RDS:PIOPS", "9.00"), rc);

    // blend 0.6 compute + 0.3 storage over the measured two: a = (0.6*0.5 + 0.3*1)/0.9 = 2/3
    assertThat(byCostCenter(transfer)).containsExactlyEntriesOf(new TreeMap<>(Map.of("a", new BigDecimal("60.00"),
        "b", new BigDecimal("30.00"))));
    assertThat(transfer).extracting(CostRecord::xAllocationRule).containsOnly("db-consumption/blended");
    assertThat(byCostCenter(io)).as("I/O nothing was measured for").containsEntry("a", new BigDecimal("6.00"));
    assertThat(io).extracting(CostRecord::xAllocationRule).containsOnly("db-consumption/io-unmeasured-blended");
  }

  @Test
  void aResourceWithoutMeasurementGoesWholeToUnattributedAndUnmappedLinesAreLeftAlone() {
    ResourceConsumption nothing = consumption(Map.of(), Map.of(), Map.of());
    CostRecord other = RdsLineItems.item("arn:aws:rds:us-east-1:1:db:other", "USE1-InstanceUsage:db.t3.micro", "5.00");

    DbConsumptionAllocator.Result result = allocator.allocate(List.of(
        RdsLineItems.item(RESOURCE.toUpperCase(), "USE1-InstanceUsage:db.r6g.large", "12.34"), other),
        Map.of(RESOURCE, nothing));

    assertThat(result.allocated()).singleElement().satisfies(r -> {
      assertThat(r.xCostCenter()).isEqualTo("unattributed");
      assertThat(r.billedCost()).isEqualByComparingTo("12.34");
      assertThat(r.xAllocationRule()).isEqualTo("db-consumption/unmeasured");
    });
    assertThat(result.unmapped()).containsExactly(other);
  }

  @Test
  void creditsAndSubCentAmountsSplitExactly() {
    ResourceConsumption rc = consumption(Map.of("a", 1L, "b", 1L, "c", 1L), Map.of(), Map.of());

    List<CostRecord> credit = allocator.split(RdsLineItems.item(RESOURCE, "USE1-InstanceUsage:x", "-100.00"), rc);
    List<CostRecord> precise = allocator.split(RdsLineItems.item(RESOURCE, "USE1-InstanceUsage:x", "0.0000001"), rc);

    assertThat(byCostCenter(credit).values()).containsExactlyInAnyOrder(new BigDecimal("-33.33"),
        new BigDecimal("-33.33"), new BigDecimal("-33.34"));
    assertThat(DbConsumptionAllocator.sum(precise, CostRecord::billedCost)).isEqualByComparingTo("0.0000001");
  }

  @RepeatedTest(50)
  void sharesAlwaysAddUpToTheAmount() {
    SplittableRandom random = new SplittableRandom();
    Map<String, BigDecimal> weights = new TreeMap<>();
    int n = random.nextInt(1, 8);
    for (int i = 0; i < n; i++) {
      weights.put("cc-" + i, BigDecimal.valueOf(random.nextLong(0, 1_000_000_000_000L), random.nextInt(0, 6)));
    }
    weights.put("cc-last", BigDecimal.ONE);
    BigDecimal amount = BigDecimal.valueOf(random.nextLong(-10_000_000, 10_000_000), random.nextInt(0, 8));

    SortedMap<String, BigDecimal> shares = LargestRemainder.split(amount, weights);

    assertThat(shares.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(amount);
    assertThat(shares.values()).allSatisfy(s -> assertThat(s.scale()).isGreaterThanOrEqualTo(2));
  }

  @Test
  void theRuleRejectsABlendWithoutWeight() {
    assertThatThrownBy(() -> new DbConsumptionRule("r", "v", UsageTypeClassifier.defaults(),
        Map.of(Component.COMPUTE, BigDecimal.ZERO), "u")).hasMessageContaining("at least one positive");
  }
}
