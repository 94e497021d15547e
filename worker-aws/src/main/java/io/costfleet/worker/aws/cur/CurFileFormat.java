package io.costfleet.worker.aws.cur;

import java.util.Locale;

/** How a CUR report file is stored, told by its name ({@code .csv.gz}, {@code .csv.zip}, {@code .csv}, {@code .parquet}). */
enum CurFileFormat {
  CSV_GZIP, CSV_ZIP, CSV, PARQUET;

  /** The format of a file name or S3 key, or null if it is not a report file. */
  static CurFileFormat of(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".csv.gz") || n.endsWith(".csv.gzip") || n.endsWith(".gz")) {
      return CSV_GZIP;
    }
    if (n.endsWith(".zip")) {
      return CSV_ZIP;
    }
    if (n.endsWith(".csv")) {
      return CSV;
    }
    if (n.endsWith(".parquet")) {
      return PARQUET;
    }
    return null;
  }

  /** Sniffs the first bytes when the name says nothing (gzip 1F 8B, zip PK, Parquet PAR1). */
  static CurFileFormat sniff(byte[] head, int n) {
    if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return CSV_GZIP;
    }
    if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
      return CSV_ZIP;
    }
    if (n >= 4 && head[0] == 'P' && head[1] == 'A' && head[2] == 'R' && head[3] == '1') {
      return PARQUET;
    }
    return CSV;
  }
}
