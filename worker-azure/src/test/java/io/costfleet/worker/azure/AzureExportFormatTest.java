package io.costfleet.worker.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.costfleet.model.CostRecord;
import io.costfleet.source.ExportFormat;
import io.costfleet.source.NormalizeContext;
import io.costfleet.source.NormalizeResult;
import io.costfleet.source.RawRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local files: Microsoft FOCUS exports (no sample exists; written in the export's column layout) and gzip. */
class AzureExportFormatTest {
  private static final String FOCUS = "BilledCost,BillingAccountId,BillingAccountName,BillingCurrency,"
      + "BillingPeriodEnd,BillingPeriodStart,ChargeCategory,ChargeClass,ChargeDescription,ChargePeriodEnd,"
      + "ChargePeriodStart,ContractedCost,EffectiveCost,InvoiceIssuerName,ListCost,PricingQuantity,PricingUnit,"
      + "ProviderName,PublisherName,ServiceCategory,ServiceName,SubAccountId,x_BillingProfileId\n"
      + "10.5,123,Contoso,USD,2024-02-01T00:00:00Z,2024-01-01T00:00:00Z,Usage,,VM,2024-01-06T00:00:00Z,"
      + "2024-01-05T00:00:00Z,10.5,8.25,Microsoft,12,24,Hours,Microsoft,Microsoft,Compute,Virtual Machines,"
      + "/subscriptions/s1,123\n";

  @TempDir
  Path dir;

  private static List<CostRecord> read(ExportFormat format, Path file) throws IOException {
    List<CostRecord> out = new ArrayList<>();
    try (ExportFormat.ExportFile<?> export = format.open(file)) {
      read(export, out);
    }
    return out;
  }

  private static <T> void read(ExportFormat.ExportFile<T> export, List<CostRecord> out) {
    for (RawRecord<T> raw : export) {
      NormalizeResult r = export.normalizer().normalize(raw, new NormalizeContext(null, export.sourceVersion()));
      assertThat(r).isInstanceOf(NormalizeResult.Accepted.class);
      out.addAll(((NormalizeResult.Accepted) r).records());
    }
  }

  @Test
  void aMicrosoftFocusExportIsRecognizedAndReadByTheSharedFocusNormalizer() throws IOException {
    Path file = dir.resolve("part_0_0001.csv");
    Files.writeString(file, FOCUS, StandardCharsets.UTF_8);
    AzureExportFormat format = new AzureExportFormat();
    assertThat(format.recognizes(file)).isTrue();
    List<CostRecord> records = read(format, file);
    assertThat(records).singleElement().satisfies(r -> {
      assertThat(r.billedCost()).isEqualByComparingTo("10.5");
      assertThat(r.effectiveCost()).isEqualByComparingTo("8.25");
      assertThat(r.xProvider()).isEqualTo("azure");
    });
  }

  @Test
  void aFocusFileOfAnotherProviderIsNotAzures() throws IOException {
    Path file = dir.resolve("aws-focus.csv");
    Files.writeString(file, FOCUS.replace(",x_BillingProfileId", "").replace(",/subscriptions/s1,123", ",s1")
        .replace("Microsoft,12,24,Hours,Microsoft,Microsoft", "AWS,12,24,Hours,AWS,AWS"), StandardCharsets.UTF_8);
    assertThat(new AzureExportFormat().recognizes(file)).isFalse();
  }

  @Test
  void gzippedCostDetailsAreRead() throws IOException {
    Path file = dir.resolve("Detail_ActualCost.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(Files.readAllBytes(io.costfleet.testing.Samples.path("azure/koku/azure_camelCased.csv")));
    }
    AzureExportFormat format = new AzureExportFormat();
    assertThat(format.recognizes(file)).isTrue();
    assertThat(read(format, file)).hasSize(3);
  }

  @Test
  void emptyAndNonCsvFilesAreNotRecognized() throws IOException {
    Path empty = dir.resolve("empty.csv");
    Files.writeString(empty, "");
    Path json = dir.resolve("manifest.json");
    Files.writeString(json, "{}");
    assertThat(new AzureExportFormat().recognizes(empty)).isFalse();
    assertThat(new AzureExportFormat().recognizes(json)).isFalse();
  }
}
