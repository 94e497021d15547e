package io.costfleet.worker.aws.cur;

import static org.assertj.core.api.Assertions.assertThat;

import io.costfleet.testing.ImportRun;
import io.costfleet.testing.Samples;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code costfleet import --provider aws} on every CUR sample in {@code shared/samples/aws-cur}. */
class CurImportTest {
  @TempDir
  Path tmp;

  @Test
  void awsCurSamplesFolderRowsStagedQuarantinedAndTotalsToTheLastDigit() {
    Path out = tmp.resolve("out");

    ImportRun r = ImportRun.of("--provider", "aws", "--out", out.toString(), Samples.path("aws-cur").toString());

    assertThat(r.exit()).as(r.stderr()).isZero();
    // Per file (rows / quarantined / USD billed = effective), as counted in SOURCES.md and computed
    // independently (Python csv + Decimal) in CurNormalizerSamplesTest:
    //   koku s3-layout my-report-1.csv.gz   6190 / 0  / 29684.780682464855373934184
    //   koku test_cur.csv (ragged)            19 / 19 / -
    //   fivetran aws_cost_report.csv          20 / 20 / -   (no cost, currency or dates)
    //   keboola cur1 csv + zip               3+3 / 0  / 0.045152 x 2
    //   keboola cur2 csv + gz                4+4 / 0  / 0.108304 x 2
    //   aws-cur-anonymize legacy + cur20     4+4 / 0  / 0.0652 x 2
    //   koku 2022-07-01-alt-columns.csv        2 / 0  / 0
    //   koku 2023-06-01(-not-final).csv      3+3 / 0  / NOK 30 billed, 0.3 effective, each
    //   koku empty_frame.csv                   0
    BigDecimal usd = new BigDecimal("29684.780682464855373934184")
        .add(new BigDecimal("0.045152").multiply(BigDecimal.valueOf(2)))
        .add(new BigDecimal("0.108304").multiply(BigDecimal.valueOf(2)))
        .add(new BigDecimal("0.0652").multiply(BigDecimal.valueOf(2)));
    assertThat(r.summary().get("rows").asLong()).isEqualTo(6190 + 19 + 20 + 6 + 8 + 8 + 2 + 6);
    assertThat(r.summary().get("quarantined").asLong()).isEqualTo(39);
    assertThat(r.summary().get("staged").asLong()).isEqualTo(6259 - 39);
    assertThat(r.summary().get("totals").size()).isEqualTo(2);
    assertThat(r.summary().get("totals").get("USD").get("BilledCost").asText()).isEqualTo(usd.toPlainString());
    assertThat(r.summary().get("totals").get("USD").get("EffectiveCost").asText()).isEqualTo(usd.toPlainString());
    assertThat(r.summary().get("totals").get("NOK").get("BilledCost").asText()).isEqualTo("60");
    assertThat(r.summary().get("totals").get("NOK").get("EffectiveCost").asText()).isEqualTo("0.6");
    // What was written says the same (Parquet keeps 18 decimals: compare to the cent).
    assertThat(ImportRun.staged(out, "count(*)")).isEqualByComparingTo("6220");
    assertThat(ImportRun.staged(out, "sum(BilledCost) FILTER (WHERE BillingCurrency = 'USD')")
        .setScale(2, RoundingMode.HALF_UP)).isEqualByComparingTo(usd.setScale(2, RoundingMode.HALF_UP));
    assertThat(out.resolve("staging/provider=aws/billing_period=2018-08/account=4090136019287/dataset=usage"))
        .isDirectory();
    assertThat(r.stderr()).contains("skipped").contains("Manifest.json");
  }
}
