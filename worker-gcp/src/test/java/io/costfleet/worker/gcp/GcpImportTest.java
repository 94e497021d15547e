package io.costfleet.worker.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.costfleet.testing.ImportRun;
import io.costfleet.testing.Samples;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code costfleet import --provider gcp} on the billing export sample in {@code shared/samples/gcp}. */
class GcpImportTest {
  @TempDir
  Path tmp;

  @Test
  void gcpSamplesFolderUsageAndCreditsStagedAndBalancedToZero() {
    Path out = tmp.resolve("out");

    ImportRun r = ImportRun.of("--provider", "gcp", "--out", out.toString(), Samples.path("gcp").toString());

    assertThat(r.exit()).as(r.stderr()).isZero();
    // 25 export rows (Python csv); 8 of them carry one credit each, staged as a Credit record
    // beside the usage record. Usage costs 0.000032 USD and the credits -0.000032 (computed
    // independently in GcpBillingNormalizerSamplesTest), so billed and effective totals are zero.
    assertThat(r.summary().get("rows").asLong()).isEqualTo(25);
    assertThat(r.summary().get("staged").asLong()).isEqualTo(33);
    assertThat(r.summary().get("quarantined").asLong()).isZero();
    assertThat(r.summary().get("totals").fieldNames()).toIterable().containsExactly("USD");
    assertThat(r.total("USD", "BilledCost")).isZero();
    assertThat(r.total("USD", "EffectiveCost")).isZero();
    assertThat(ImportRun.staged(out, "sum(BilledCost) FILTER (WHERE ChargeCategory = 'Usage')"))
        .isEqualByComparingTo("0.000032");
    assertThat(ImportRun.staged(out, "sum(BilledCost) FILTER (WHERE ChargeCategory = 'Credit')"))
        .isEqualByComparingTo("-0.000032");
    assertThat(ImportRun.staged(out, "count(*) FILTER (WHERE ChargeCategory = 'Credit')")).isEqualByComparingTo("8");
  }
}
