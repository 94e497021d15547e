package io.costfleet.focus;

import io.costfleet.model.FocusColumn;
import io.costfleet.source.ExportFormat;
import io.costfleet.source.Normalizer;
import io.costfleet.source.RawRecord;
import io.costfleet.source.csv.CsvHeader;
import io.costfleet.source.csv.CsvReader;
import io.costfleet.source.csv.CsvRow;
import io.costfleet.validation.FocusVersion;
import io.costfleet.validation.RecordValidator;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * FOCUS exports of any provider (FOCUS 0.5 to 1.2) for {@code costfleet import --provider focus}:
 * CSV ({@code .csv}, {@code .csv.gz}) and Parquet ({@code .parquet}, read through DuckDB). Rows are
 * normalized by {@link FocusCsvNormalizer} (a Parquet row is handed to it as text, so both formats
 * follow the same rules; its quarantine copy is the row re-encoded as CSV).
 *
 * <p>A file is taken as FOCUS when its header has {@code BilledCost} (every FOCUS version has it) or
 * at least three FOCUS columns; a file that is FOCUS but lacks required columns is read, and each
 * row is quarantined with the missing columns as reasons.
 */
public final class FocusExportFormat implements ExportFormat {
  private static final int MIN_COLUMNS_WITHOUT_BILLED_COST = 3;

  /** One validator for every file this format opens (building one takes a noticeable fraction of a second). */
  private RecordValidator validator;

  @Override
  public String provider() {
    return "focus";
  }

  @Override
  public String source() {
    return "focus";
  }

  @Override
  public boolean recognizes(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    List<String> header;
    if (name.endsWith(".parquet")) {
      try {
        header = FocusParquetFile.columns(file);
      } catch (IOException e) {
        return false;
      }
    } else if (name.endsWith(".csv") || name.endsWith(".csv.gz")) {
      try (CsvReader reader = CsvReader.open(open(file, name), file.getFileName().toString())) {
        header = reader.header().names();
      } catch (IOException | RuntimeException e) {
        return false;
      }
    } else {
      return false;
    }
    return looksLikeFocus(header);
  }

  /** Whether a header is a FOCUS header (see the class comment). */
  static boolean looksLikeFocus(List<String> header) {
    Set<FocusColumn> found = new HashSet<>();
    for (String n : header) {
      FocusColumn c = FocusColumn.byName(FocusColumns.canonical(n.strip()));
      if (c != null) {
        found.add(c);
      }
    }
    return found.contains(FocusColumn.BILLED_COST) || found.size() >= MIN_COLUMNS_WITHOUT_BILLED_COST;
  }

  @Override
  public ExportFile<CsvRow> open(Path file) throws IOException {
    String name = file.getFileName().toString();
    String version = Files.getLastModifiedTime(file).toInstant().toString();
    if (name.toLowerCase(Locale.ROOT).endsWith(".parquet")) {
      FocusParquetFile parquet = FocusParquetFile.open(file);
      return new RowFile(parquet, parquet.header(), validator(), version, parquet);
    }
    CsvReader reader = CsvReader.open(open(file, name.toLowerCase(Locale.ROOT)), name);
    return new RowFile(reader, reader.header(), validator(), version, reader);
  }

  private synchronized RecordValidator validator() {
    if (validator == null) {
      validator = new RecordValidator();
    }
    return validator;
  }

  private static InputStream open(Path file, String lowerName) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    return lowerName.endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
  }

  /** Rows of a CSV or Parquet file with the normalizer of its header. */
  private static final class RowFile implements ExportFile<CsvRow> {
    private final Iterable<CsvRow> rows;
    private final FocusCsvNormalizer normalizer;
    private final String version;
    private final AutoCloseable resource;

    RowFile(Iterable<CsvRow> rows, CsvHeader header, RecordValidator validator, String version,
        AutoCloseable resource) {
      this.rows = rows;
      this.normalizer = new FocusCsvNormalizer(header, null, validator);
      this.version = version;
      this.resource = resource;
    }

    @Override
    public Normalizer<CsvRow> normalizer() {
      return normalizer;
    }

    @Override
    public String sourceVersion() {
      return version;
    }

    @Override
    public FocusVersion focusVersion() {
      return normalizer.version();
    }

    @Override
    public Iterator<RawRecord<CsvRow>> iterator() {
      Iterator<CsvRow> it = rows.iterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public RawRecord<CsvRow> next() {
          CsvRow row = it.next();
          return new RawRecord<>(row.position(), row);
        }
      };
    }

    @Override
    public void close() throws IOException {
      try {
        resource.close();
      } catch (IOException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException(e);
      }
    }
  }
}
