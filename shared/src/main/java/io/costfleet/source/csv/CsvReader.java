package io.costfleet.source.csv;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.UnaryOperator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams a CSV file row by row with bounded memory: RFC 4180 quoting, a UTF-8 BOM, blank lines
 * skipped, ragged rows kept as they are (the normalizer quarantines them), empty and header-only
 * files (no rows). Line numbers count the header as line 1.
 */
public final class CsvReader implements Iterable<CsvRow>, Closeable {
  private final CSVParser parser;
  private final CsvHeader header;
  private final String file;
  private final Iterator<CSVRecord> records;

  private CsvReader(Reader reader, String file, UnaryOperator<String> rename) throws IOException {
    this.file = file;
    this.parser = CSVFormat.RFC4180.builder()
        .setIgnoreEmptyLines(true)
        .setAllowMissingColumnNames(true)
        .setTrim(false)
        .get()
        .parse(reader);
    this.records = parser.iterator();
    if (records.hasNext()) {
      CSVRecord h = records.next();
      List<String> names = new ArrayList<>(h.size());
      h.forEach(names::add);
      CsvHeader raw = new CsvHeader(names);
      this.header = rename == null ? raw : raw.renamed(rename);
    } else {
      this.header = new CsvHeader(List.of());
    }
  }

  /** Opens a UTF-8 stream (BOM allowed). The reader closes the stream. */
  public static CsvReader open(InputStream in, String file) throws IOException {
    return open(in, file, null);
  }

  /** Opens a UTF-8 stream, renaming header names (after BOM and blank removal). */
  public static CsvReader open(InputStream in, String file, UnaryOperator<String> rename) throws IOException {
    Reader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    return new CsvReader(reader, file, rename);
  }

  public CsvHeader header() {
    return header;
  }

  /** Whether the file had no header at all (an empty file). */
  public boolean empty() {
    return header.size() == 0;
  }

  @Override
  public Iterator<CsvRow> iterator() {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        try {
          return records.hasNext();
        } catch (UncheckedIOException | IllegalStateException e) {
          throw new io.costfleet.source.MalformedPayloadException("unreadable CSV " + file + ": " + e.getMessage(), e);
        }
      }

      @Override
      public CsvRow next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        CSVRecord r;
        try {
          r = records.next();
        } catch (UncheckedIOException | IllegalStateException e) {
          throw new io.costfleet.source.MalformedPayloadException("unreadable CSV " + file + ": " + e.getMessage(), e);
        }
        String[] values = new String[r.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = r.get(i);
        }
        return new CsvRow(header, values, r.getRecordNumber(), file);
      }
    };
  }

  @Override
  public void close() throws IOException {
    parser.close();
  }
}
