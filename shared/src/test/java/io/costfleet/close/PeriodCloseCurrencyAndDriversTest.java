package io.costfleet.close;

import static io.costfleet.close.StagedPeriod.line;
import static org.assertj.core.api.Assertions.assertThat;

import io.costfleet.close.allocation.AllocationDriver;
import io.costfleet.close.allocation.DriverContext;
import io.costfleet.close.allocation.DriverParameters;
import io.costfleet.close.allocation.DriverRegistry;
import io.costfleet.close.allocation.PoolSlice;
import io.costfleet.close.allocation.RuleFileException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Conversion with the dated rate table, the usage-quantity driver, and a driver plugged in through the SPI. */
class PeriodCloseCurrencyAndDriversTest {
  static final YearMonth OCT = YearMonth.of(2026, 10);
  @TempDir Path root;

  static Map<String, BigDecimal> effective(CloseResult r) {
    Map<String, BigDecimal> out = new TreeMap<>();
    ((CloseResult.Passed) r).summary().costCenters().forEach(c -> out.put(c.costCenter(), c.effectiveCost()));
    return out;
  }

  @Test
  void convertsEachDayAtTheRateInForceAndFailsWithoutOne() throws Exception {
    Files.writeString(root.resolve("rules.yaml"), "version: v1\ntags:\n  - { name: cc, key: cost_center }\n");
    Files.writeString(root.resolve("rates.csv"), """
        # 1 EUR = rate USD
        base_currency,currency,valid_from,rate
        USD,EUR,2026-10-01,1.10
        USD,EUR,2026-10-15,1.20
        """);
    new StagedPeriod(root, OCT).job("azure", "exports", "ea", "usage", 0).page(List.of(
        line("azure", "ea", "s", "a", "2026-10-03", "100.00", "100.00").billingCurrency("EUR").tag("cost_center", "x").build(),
        line("azure", "ea", "s", "b", "2026-10-20", "100.00", "100.00").billingCurrency("EUR").tag("cost_center", "x").build(),
        line("azure", "ea", "s", "c", "2026-10-20", "1.005", "1.005").tag("cost_center", "y").build())).complete();
    CloseOptions o = CloseOptions.of(root, root.resolve("rules.yaml")).withRates(root.resolve("rates.csv"));
    CloseResult r = new PeriodClose().close(OCT, o);
    // 100 EUR × 1.10 + 100 EUR × 1.20 = 230.00 USD; y keeps its exact 1.005 (rounded only when shown)
    assertThat(effective(r)).containsEntry("x", new BigDecimal("230.00")).containsEntry("y", new BigDecimal("1.005"));
    String csv = Files.readString(root.resolve("reports/2026-10/chargeback.csv"));
    assertThat(csv).contains(",USD,110.00,110.00").contains(",USD,1.005,1.005");
    assertThat(Files.readString(root.resolve("reports/2026-10/chargeback.html"))).contains("231.01"); // 231.005 HALF_UP

    Files.writeString(root.resolve("rates.csv"), "base_currency,currency,valid_from,rate\nUSD,EUR,2026-10-10,1.10\n");
    assertThat(new PeriodClose().close(OCT, o)).isInstanceOfSatisfying(CloseResult.Failed.class, f -> assertThat(f.reasons())
        .singleElement().asString().isEqualTo("no exchange rate from EUR to USD in force on 2026-10-03"));
  }

  @Test
  void usageQuantitySplitsByConsumedHoursAndAnUnweighableSliceStaysUnallocated() throws Exception {
    Files.writeString(root.resolve("rules.yaml"), """
        version: v2
        tags:
          - { name: cc, key: cost_center }
        shared:
          - name: support
            match: { service: "Support" }
            driver: usage-quantity
            unit: Hours
          - name: gpu
            match: { service: "GPU" }
            driver: usage-quantity
            unit: GPU-Hours
        """);
    new StagedPeriod(root, OCT).job("aws", "cur", "1", "usage", 0).page(List.of(
        line("aws", "1", "2", "a", "2026-10-01", "5.00", "5.00").tag("cost_center", "a").consumedQuantity(new BigDecimal("10")).build(),
        line("aws", "1", "2", "b", "2026-10-01", "5.00", "5.00").tag("cost_center", "b").consumedQuantity(new BigDecimal("20")).build(),
        line("aws", "1", "2", "s", "2026-10-02", "1.00", "1.00").serviceName("Support").build(),
        line("aws", "1", "2", "g", "2026-10-02", "4.00", "4.00").serviceName("GPU").build())).complete();
    CloseResult r = new PeriodClose().close(OCT, CloseOptions.of(root, root.resolve("rules.yaml")));
    // support 1.00 by 10:20 hours → 0.333… (rem .33) / 0.666… (rem .67, gets the penny): 0.33 / 0.67
    assertThat(effective(r)).containsEntry("a", new BigDecimal("5.33")).containsEntry("b", new BigDecimal("5.67"))
        .containsEntry("unallocated", new BigDecimal("4.00"));
    assertThat(((CloseResult.Passed) r).summary().notes()).singleElement().asString().contains("shared rule 'gpu'");
  }

  /** A stand-in for issue 14's db-consumption driver: per database resource, weights from measured tenant use. */
  static final class TenantConsumptionDriver implements AllocationDriver {
    @Override
    public String name() {
      return "db-consumption";
    }

    @Override
    public Configured configure(DriverParameters p) throws RuleFileException {
      Map<String, BigDecimal> perDb1 = p.weights("db1_tenants");
      Map<String, BigDecimal> perDb2 = p.weights("db2_tenants");
      return new Configured() {
        @Override
        public boolean perResource() {
          return true;
        }

        @Override
        public Map<String, BigDecimal> weights(PoolSlice slice, DriverContext context) {
          return slice.resourceId().endsWith("db1") ? perDb1 : perDb2;
        }
      };
    }
  }

  @Test
  void aDriverPluggedInThroughTheRegistrySplitsEachDatabaseByItsTenants() throws Exception {
    Files.writeString(root.resolve("rules.yaml"), """
        version: v3
        shared:
          - name: databases
            match: { resource_id: "*/servers/*" }
            driver: db-consumption
            db1_tenants: { tenant-a: 3, tenant-b: 1 }
            db2_tenants: { tenant-b: 1 }
        """);
    new StagedPeriod(root, OCT).job("azure", "exports", "ea", "usage", 0).page(List.of(
        line("azure", "ea", "s", "1", "2026-10-01", "100.00", "100.00").resourceId("/sub/x/servers/db1").build(),
        line("azure", "ea", "s", "2", "2026-10-01", "10.00", "10.00").resourceId("/sub/x/servers/db2").build())).complete();
    CloseResult r = new PeriodClose().close(OCT, CloseOptions.of(root, root.resolve("rules.yaml"))
        .withDrivers(DriverRegistry.builtins().with(new TenantConsumptionDriver())));
    assertThat(effective(r)).containsEntry("tenant-a", new BigDecimal("75.00")).containsEntry("tenant-b", new BigDecimal("35.00"));
  }
}
