package io.costfleet.worker.aws.cur;

import static org.assertj.core.api.Assertions.assertThat;

import io.costfleet.model.CostRecord;
import io.costfleet.source.ExportFormat;
import io.costfleet.source.NormalizeResult;
import io.costfleet.source.RawRecord;
import io.costfleet.testing.Samples;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The import SPI finds the CUR format and reads local report files with their delivery version. */
class CurExportFormatTest {

  @Test
  void registeredForImport() {
    assertThat(ServiceLoader.load(ExportFormat.class).stream().map(ServiceLoader.Provider::get))
        .anySatisfy(f -> assertThat(f).isInstanceOf(CurExportFormat.class));
  }

  @Test
  void recognizesCurFilesOnly() throws Exception {
    CurExportFormat f = new CurExportFormat();
    assertThat(f.recognizes(Samples.path("aws-cur/keboola/cur1/MockTestReport-00001.csv.zip"))).isTrue();
    assertThat(f.recognizes(Samples.path("aws-cur/keboola/cur2/MockTestReportV2-00001.csv.gz"))).isTrue();
    assertThat(f.recognizes(Samples.path("aws-cur/koku/2022-07-01-alt-columns.csv"))).isTrue();
    assertThat(f.recognizes(Samples.path("aws-cur/keboola/cur1/MockTestReport-Manifest.json"))).isFalse();
    assertThat(f.recognizes(Samples.path("focus/focus-validator/samples/all_pass_0.5.csv"))).isFalse();
  }

  @Test
  void readsAZipWithTheVersionOfTheManifestBesideIt() throws Exception {
    Path zip = Samples.path("aws-cur/keboola/cur1/MockTestReport-00001.csv.zip");
    BigDecimal billed = BigDecimal.ZERO;
    int rows = 0;
    try (ExportFormat.ExportFile<?> file = new CurExportFormat().open(zip)) {
      assertThat(file.sourceVersion()).endsWith("_123e4567-e89b-12d3-a456-426614174000");
      billed = sum(file);
      for (Object ignored : file) {
        rows++;
      }
    }
    // Expected: 3 rows, 0.045152 (CurNormalizerSamplesTest).
    assertThat(billed).isEqualByComparingTo("0.045152");
    assertThat(rows).isZero(); // the stream is read once
  }

  @Test
  void dataExportsFileTakesTheExecutionIdOfItsManifest() throws Exception {
    try (ExportFormat.ExportFile<?> file = new CurExportFormat().open(
        Samples.path("aws-cur/keboola/cur2/MockTestReportV2-00001.csv.gz"))) {
      assertThat(file.sourceVersion()).endsWith("_test-exec-id-12345");
      assertThat(sum(file)).isEqualByComparingTo("0.108304");
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> BigDecimal sum(ExportFormat.ExportFile<T> file) {
    BigDecimal total = BigDecimal.ZERO;
    for (RawRecord<T> raw : file) {
      NormalizeResult r = file.normalizer().normalize(raw, null);
      for (CostRecord c : ((NormalizeResult.Accepted) r).records()) {
        total = total.add(c.billedCost());
        assertThat(c.xSourceVersion()).isEqualTo(file.sourceVersion());
      }
    }
    return total;
  }
}
