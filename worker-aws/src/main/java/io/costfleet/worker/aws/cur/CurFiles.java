package io.costfleet.worker.aws.cur;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens local CUR report files (for {@code costfleet import} and tests). */
final class CurFiles {
  private CurFiles() {}

  /** The format of a local file, by name, else by its first bytes. */
  static CurFileFormat format(Path file) throws IOException {
    CurFileFormat byName = CurFileFormat.of(file.getFileName().toString());
    if (byName != null) {
      return byName;
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(4);
      return CurFileFormat.sniff(head, head.length);
    }
  }

  static CurReportReader open(Path file) throws IOException {
    String name = file.getFileName().toString();
    CurFileFormat format = format(file);
    if (format == CurFileFormat.PARQUET) {
      return ParquetReportReader.open(file, name, 0, false);
    }
    return CsvReportReader.open(Files.newInputStream(file), format, name);
  }
}
