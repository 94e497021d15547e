package io.costfleet.worker.aws.cur;

import io.costfleet.source.ExportFormat;
import io.costfleet.source.Normalizer;
import io.costfleet.source.RawRecord;
import io.costfleet.source.csv.CsvRow;
import io.costfleet.validation.RecordValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Local CUR report files for {@code costfleet import --provider aws}: {@code .csv}, {@code .csv.gz},
 * {@code .csv.zip} and {@code .parquet} with legacy, CUR 2.0 or Athena column names (FOCUS exports
 * are left to the FOCUS format). The version of the data is the delivery's when a
 * {@code *-Manifest.json} beside the file (or one folder up) lists it, else the file's modification
 * time: {@link CurVersion}.
 */
public final class CurExportFormat implements ExportFormat {

  @Override
  public String provider() {
    return "aws";
  }

  @Override
  public String source() {
    return CurNormalizer.SOURCE;
  }

  @Override
  public boolean recognizes(Path file) throws IOException {
    if (!Files.isRegularFile(file) || CurFileFormat.of(file.getFileName().toString()) == null) {
      return false;
    }
    try (CurReportReader reader = CurFiles.open(file)) {
      CurColumns columns = CurColumns.of(reader.header());
      return columns.cur() && !columns.focus();
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public ExportFile<CurRow> open(Path file) throws IOException {
    String version = version(file);
    CurReportReader reader = CurFiles.open(file);
    RecordValidator validator = new RecordValidator();
    CurNormalizer normalizer = new CurNormalizer(validator, "USD");
    return new ExportFile<>() {
      @Override
      public Normalizer<CurRow> normalizer() {
        return normalizer;
      }

      @Override
      public String sourceVersion() {
        return version;
      }

      @Override
      public Iterator<RawRecord<CurRow>> iterator() {
        return new Iterator<>() {
          private CsvRow next = advance();

          private CsvRow advance() {
            try {
              return reader.next();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }

          @Override
          public boolean hasNext() {
            return next != null;
          }

          @Override
          public RawRecord<CurRow> next() {
            if (next == null) {
              throw new NoSuchElementException();
            }
            CsvRow row = next;
            next = advance();
            return new RawRecord<>(row.position(), new CurRow(row, version));
          }
        };
      }

      @Override
      public void close() throws IOException {
        try {
          reader.close();
        } finally {
          validator.close();
        }
      }
    };
  }

  /** The delivery version of a local report file (see the class comment). */
  static String version(Path file) throws IOException {
    String name = file.getFileName().toString();
    Path dir = file.toAbsolutePath().getParent();
    Optional<String> found = manifestVersion(dir, name);
    if (found.isEmpty() && dir.getParent() != null) {
      found = manifestVersion(dir.getParent(), name);
    }
    if (found.isPresent()) {
      return found.get();
    }
    return new CurVersion(Files.getLastModifiedTime(file).toInstant(), name).text();
  }

  private static Optional<String> manifestVersion(Path dir, String fileName) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path m : files.filter(p -> p.getFileName().toString().endsWith("Manifest.json")).sorted().toList()) {
        CurManifest manifest;
        try {
          manifest = CurManifest.parse(Files.readAllBytes(m), m.toString());
        } catch (RuntimeException notAManifest) {
          continue;
        }
        if (manifest.reportKeys().stream().anyMatch(k -> k.equals(fileName) || k.endsWith("/" + fileName))) {
          Instant at = Files.getLastModifiedTime(m).toInstant();
          return Optional.of(new CurVersion(at, manifest.assemblyId()).text());
        }
      }
    }
    return Optional.empty();
  }
}
