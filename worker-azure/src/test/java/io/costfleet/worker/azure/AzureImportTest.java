package io.costfleet.worker.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.costfleet.testing.ImportRun;
import io.costfleet.testing.Samples;
import java.math.BigDecimal;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code costfleet import --provider azure} on every cost export sample in {@code shared/samples/azure}. */
class AzureImportTest {
  @TempDir
  Path tmp;

  @Test
  void azureSamplesFolderRowsStagedQuarantinedAndTotalsToTheLastDigit() {
    Path out = tmp.resolve("out");

    ImportRun r = ImportRun.of("--provider", "azure", "--out", out.toString(), Samples.path("azure").toString());

    assertThat(r.exit()).as(r.stderr()).isZero();
    // Per file (rows / quarantined / USD billed, effective), computed independently in
    // AzureExportSamplesTest; the import has no default currency, so the two opencost "values"
    // files without a currency column are quarantined like the ragged Template and the BOM row.
    //   EA_ActualCost_Small        11 / 0  / 8.5450077867419368, 5.2950077867419368
    //   EA_AmortizedCost_Small     28 / 0  / 15.79778013616864462748541900, 16.29693213663664462748541900
    //   koku costreport + camelCased 3+3 / 0 / 0.00011016 each (billed = effective)
    //   koku camel_azure_version_2  4 / 0  / 0.0000262412 (billed = effective)
    //   koku azure_version_2        5 / 5  (non-ISO currency)
    //   opencost PayAsYouGo, YA, EnterpriseCamel 1 each / 0 / 0.075, 0.075, 0.012
    //   opencost Enterprise         1 / 0  / CAD 0 (reservation-covered row)
    //   opencost BOM, MissingBrackets, VirtualMachine 1 each / 1 each; Template 87 / 87
    //   EA_NoRows, koku empty_frame 0
    BigDecimal common = new BigDecimal("0.00011016").multiply(BigDecimal.valueOf(2)).add(new BigDecimal("0.0000262412"))
        .add(new BigDecimal("0.162"));
    BigDecimal billed = new BigDecimal("8.5450077867419368").add(new BigDecimal("15.79778013616864462748541900"))
        .add(common);
    BigDecimal effective = new BigDecimal("5.2950077867419368").add(new BigDecimal("16.29693213663664462748541900"))
        .add(common);
    assertThat(r.summary().get("rows").asLong()).isEqualTo(11 + 28 + 6 + 4 + 5 + 3 + 1 + 3 + 87);
    assertThat(r.summary().get("quarantined").asLong()).isEqualTo(5 + 3 + 87);
    assertThat(r.summary().get("staged").asLong()).isEqualTo(148 - 95);
    assertThat(r.total("USD", "BilledCost")).isEqualTo(billed.stripTrailingZeros());
    assertThat(r.total("USD", "EffectiveCost")).isEqualTo(effective.stripTrailingZeros());
    assertThat(r.total("CAD", "BilledCost")).isZero();
    assertThat(ImportRun.staged(out, "count(*)")).isEqualByComparingTo("53");
    assertThat(r.stderr()).contains("skipped").contains("PricingUnits.csv");
  }
}
