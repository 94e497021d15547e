package io.costfleet.worker.aws.cur;

import io.costfleet.source.MalformedPayloadException;
import io.costfleet.source.csv.CsvHeader;
import io.costfleet.source.csv.CsvReader;
import io.costfleet.source.csv.CsvRow;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads a CSV report file (plain, gzip — multi-member included — or the first entry of a zip) as a
 * stream: one decompression buffer and one row in memory, whatever the file's size.
 */
final class CsvReportReader implements CurReportReader {
  private static final int BUFFER = 1 << 16;

  private final CsvReader csv;
  private final Iterator<CsvRow> rows;
  private long read;

  private CsvReportReader(CsvReader csv) {
    this.csv = csv;
    this.rows = csv.iterator();
  }

  /** Opens a stream of the given format; the reader closes it. */
  static CsvReportReader open(InputStream raw, CurFileFormat format, String file) throws IOException {
    InputStream in = new BufferedInputStream(raw, BUFFER);
    try {
      InputStream data = switch (format) {
        case CSV_GZIP -> new GZIPInputStream(in, BUFFER);
        case CSV_ZIP -> firstEntry(new ZipInputStream(in));
        case CSV -> in;
        case PARQUET -> throw new IllegalArgumentException("a Parquet file is read by ParquetReportReader");
      };
      return new CsvReportReader(CsvReader.open(data, file));
    } catch (java.util.zip.ZipException e) {
      in.close();
      throw new MalformedPayloadException("report file " + file + " is not valid " + format + ": " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  private static InputStream firstEntry(ZipInputStream zip) throws IOException {
    ZipEntry entry;
    while ((entry = zip.getNextEntry()) != null) {
      if (!entry.isDirectory()) {
        return zip;
      }
    }
    return InputStream.nullInputStream();
  }

  @Override
  public CsvHeader header() {
    return csv.header();
  }

  @Override
  public CsvRow next() {
    if (!rows.hasNext()) {
      return null;
    }
    read++;
    return rows.next();
  }

  @Override
  public long rowsRead() {
    return read;
  }

  @Override
  public void close() throws IOException {
    csv.close();
  }
}
