package io.costfleet.worker.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.costfleet.testing.Samples;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class PricingUnitsTest {
  private final PricingUnits units = PricingUnits.load();

  @Test
  void theBundledTableIsMicrosoftsOpenDataByteForByte() throws IOException {
    byte[] sample = Files.readAllBytes(Samples.path("azure/finops-toolkit/open-data/PricingUnits.csv"));
    try (InputStream bundled = PricingUnits.class.getResourceAsStream("PricingUnits.csv")) {
      assertThat(bundled.readAllBytes()).isEqualTo(sample);
    }
  }

  @Test
  void resolvesBlocksToDistinctUnits() {
    assertThat(units.resolve("10K")).isEqualTo(new PricingUnits.PricingUnit(new java.math.BigDecimal("10000"), "Units"));
    assertThat(units.resolve("100 Hours").blockSize()).isEqualByComparingTo("100");
    assertThat(units.resolve("100 Hours").distinctUnits()).isEqualTo("Hours");
    assertThat(units.resolve("1 /Month").distinctUnits()).isEqualTo("Units/Month");
    assertThat(units.resolve("1 ").distinctUnits()).isEqualTo("Units");
    assertThat(units.resolve("1 GB/Month").distinctUnits()).isEqualTo("GB/Month");
  }

  @Test
  void unitsTheTableLacksAreReadAsBlockAndUnit() {
    assertThat(units.resolve("250 Widgets")).isEqualTo(new PricingUnits.PricingUnit(new java.math.BigDecimal("250"), "Widgets"));
    assertThat(units.resolve("5K /Hour")).isEqualTo(new PricingUnits.PricingUnit(new java.math.BigDecimal("5000"), "Units/Hour"));
    assertThat(units.resolve("0 Unassigned").blockSize()).isEqualByComparingTo("1");
    assertThat(units.resolve("  ")).isNull();
  }
}
