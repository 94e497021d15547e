package io.costfleet.source.csv;

import java.util.Arrays;

/**
 * One CSV data row with its header. {@link #get(String)} returns null for a column the header does
 * not have, or that the row is too short to have; {@link #ragged()} tells whether the row's field
 * count differs from the header's.
 *
 * @param header    the file's header
 * @param values    the row's fields
 * @param line      1-based line number of the row in the file (header is line 1)
 * @param file      the file name, for positions
 */
public record CsvRow(CsvHeader header, String[] values, long line, String file) {

  public String get(String column) {
    int i = header.index(column);
    return i < 0 || i >= values.length ? null : values[i];
  }

  public String get(int index) {
    return index < 0 || index >= values.length ? null : values[index];
  }

  public boolean has(String column) {
    return header.index(column) >= 0;
  }

  public boolean ragged() {
    return values.length != header.size();
  }

  /** {@code file:line}. */
  public String position() {
    return file + ":" + line;
  }

  /** The row re-encoded as one CSV line (quarantine keeps it as it was read). */
  public String toCsvLine() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      String v = values[i] == null ? "" : values[i];
      if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
        sb.append('"').append(v.replace("\"", "\"\"")).append('"');
      } else {
        sb.append(v);
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return position() + " " + Arrays.toString(values);
  }
}
