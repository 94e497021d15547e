package io.costfleet.worker.azure;

import io.costfleet.source.ExportFormat;
import io.costfleet.source.Normalizer;
import io.costfleet.source.RawRecord;
import io.costfleet.source.csv.CsvHeader;
import io.costfleet.source.csv.CsvReader;
import io.costfleet.source.csv.CsvRow;
import io.costfleet.validation.RecordValidator;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Azure cost export files on disk for {@code costfleet import --provider azure}: cost-details CSVs
 * of every header set ({@code .csv} or {@code .csv.gz}), and Microsoft FOCUS exports. A FOCUS file
 * is taken as Azure's when its header has Microsoft's {@code x_} columns or its first row names
 * Microsoft as the provider. {@code AmortizedCost} in the file name marks an amortized file.
 */
public final class AzureExportFormat implements ExportFormat {
  private static final Set<String> MICROSOFT_FOCUS_EXTENSIONS = Set.of("x_billingprofileid", "x_resourcegroupname",
      "x_skumeterid", "x_skumetercategory", "x_billingaccountid", "x_invoicesectionid");

  private final AzureExportNormalizers normalizers;

  /** For {@link java.util.ServiceLoader}. */
  public AzureExportFormat() {
    this(new AzureExportNormalizers(AzureExportOptions.defaults(), PricingUnits.load(), new RecordValidator()));
  }

  public AzureExportFormat(AzureExportNormalizers normalizers) {
    this.normalizers = normalizers;
  }

  @Override
  public String provider() {
    return "azure";
  }

  @Override
  public String source() {
    return AzureExportOptions.SOURCE;
  }

  @Override
  public boolean recognizes(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!Files.isRegularFile(file) || !(name.endsWith(".csv") || name.endsWith(".csv.gz"))) {
      return false;
    }
    try (CsvReader reader = CsvReader.open(stream(file), file.toString())) {
      CsvHeader header = reader.header();
      AzureExportSchema schema = AzureExportSchema.of(header);
      if (schema.headerSet() != AzureHeaderSet.FOCUS) {
        return schema.recognized();
      }
      if (header.names().stream().map(n -> n.toLowerCase(Locale.ROOT)).anyMatch(MICROSOFT_FOCUS_EXTENSIONS::contains)) {
        return true;
      }
      Iterator<CsvRow> rows = reader.iterator();
      if (!rows.hasNext()) {
        return false;
      }
      String provider = rows.next().get("ProviderName");
      return provider != null && provider.strip().equalsIgnoreCase("Microsoft");
    }
  }

  @Override
  public ExportFile<CsvRow> open(Path file) throws IOException {
    CsvReader reader = CsvReader.open(stream(file), file.getFileName().toString());
    try {
      Normalizer<CsvRow> normalizer = normalizers.forHeader(reader.header(),
          AzureExportNormalizers.metricOfFileName(file.getFileName().toString()), file.toString());
      String version = Files.getLastModifiedTime(file).toInstant().toString();
      return new LocalExportFile(reader, normalizer, version);
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  private static InputStream stream(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
  }

  private record LocalExportFile(CsvReader reader, Normalizer<CsvRow> normalizer, String sourceVersion)
      implements ExportFile<CsvRow> {

    @Override
    public Iterator<RawRecord<CsvRow>> iterator() {
      Iterator<CsvRow> rows = reader.iterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public RawRecord<CsvRow> next() {
          CsvRow row = rows.next();
          return new RawRecord<>(row.position(), row);
        }
      };
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }
}
