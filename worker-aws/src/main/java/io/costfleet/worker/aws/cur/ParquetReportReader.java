package io.costfleet.worker.aws.cur;

import io.costfleet.source.MalformedPayloadException;
import io.costfleet.source.csv.CsvHeader;
import io.costfleet.source.csv.CsvRow;
import io.costfleet.staging.ParquetRecordReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Reads a Parquet report file (CUR 2.0 / Data Exports) through embedded DuckDB, without Hadoop:
 * {@code read_parquet} over a local file (an S3 object is first downloaded to a temporary file,
 * streamed to disk), with streamed JDBC results, one thread and a DuckDB memory limit, so the Java
 * heap holds one row at a time. Values are rendered as the text a CSV report would have: numbers
 * in their shortest exact form ({@code 1.81e-08}), timestamps in UTC, map and struct columns
 * ({@code resource_tags}, {@code product}) as JSON objects. A resumed read starts at a row offset
 * ({@code file_row_number}) instead of reading the skipped rows.
 */
final class ParquetReportReader implements CurReportReader {
  private final Connection connection;
  private final Statement statement;
  private final ResultSet rows;
  private final CsvHeader header;
  private final String name;
  private final Path deleteOnClose;
  private long read;

  private ParquetReportReader(Connection connection, Statement statement, ResultSet rows, CsvHeader header,
      String name, long startRow, Path deleteOnClose) {
    this.connection = connection;
    this.statement = statement;
    this.rows = rows;
    this.header = header;
    this.name = name;
    this.read = startRow;
    this.deleteOnClose = deleteOnClose;
  }

  /**
   * Opens a Parquet file at a row offset.
   *
   * @param deleteOnClose whether the file is a temporary download to delete on close
   */
  static ParquetReportReader open(Path file, String name, long startRow, boolean deleteOnClose) throws IOException {
    Properties props = new Properties();
    props.setProperty("jdbc_stream_results", "true");
    Connection c = null;
    try {
      c = DriverManager.getConnection("jdbc:duckdb:", props);
      Statement s = c.createStatement();
      s.execute("SET threads=1");
      s.execute("SET memory_limit='256MB'");
      s.execute("SET TimeZone='UTC'");
      String source = "read_parquet(" + ParquetRecordReader.literal(file.toString()) + ", file_row_number = true)";
      List<String> names = new ArrayList<>();
      List<String> select = new ArrayList<>();
      try (ResultSet d = s.executeQuery("DESCRIBE SELECT * FROM " + source)) {
        while (d.next()) {
          String column = d.getString(1);
          if (column.equals("file_row_number")) {
            continue;
          }
          names.add(column);
          select.add(render(quote(column), d.getString(2)));
        }
      }
      String sql = select.isEmpty() ? "SELECT 1 WHERE false"
          : "SELECT " + String.join(", ", select) + " FROM " + source + " WHERE file_row_number >= " + startRow;
      ResultSet rs = s.executeQuery(sql);
      return new ParquetReportReader(c, s, rs, new CsvHeader(names), name, startRow, deleteOnClose ? file : null);
    } catch (SQLException e) {
      closeQuietly(c);
      throw new MalformedPayloadException("report file " + name + " is not readable Parquet: " + e.getMessage(), e);
    }
  }

  private static String render(String column, String type) {
    String t = type.toUpperCase(Locale.ROOT);
    if (t.startsWith("MAP") || t.startsWith("STRUCT") || t.endsWith("[]") || t.startsWith("LIST")) {
      return "CAST(to_json(" + column + ") AS VARCHAR)";
    }
    if (t.startsWith("TIMESTAMP WITH TIME ZONE")) {
      return "CAST(timezone('UTC', " + column + ") AS VARCHAR)";
    }
    return t.equals("VARCHAR") ? column : "CAST(" + column + " AS VARCHAR)";
  }

  private static String quote(String column) {
    return "\"" + column.replace("\"", "\"\"") + "\"";
  }

  @Override
  public CsvHeader header() {
    return header;
  }

  @Override
  public CsvRow next() throws IOException {
    try {
      if (!rows.next()) {
        return null;
      }
      String[] values = new String[header.size()];
      for (int i = 0; i < values.length; i++) {
        String v = rows.getString(i + 1);
        values[i] = v == null ? "" : v;
      }
      read++;
      return new CsvRow(header, values, read + 1, name);
    } catch (SQLException e) {
      throw new MalformedPayloadException("report file " + name + " failed at row " + read + ": " + e.getMessage(), e);
    }
  }

  @Override
  public long rowsRead() {
    return read;
  }

  @Override
  public void close() throws IOException {
    try {
      rows.close();
      statement.close();
    } catch (SQLException e) {
      throw new IOException("closing DuckDB reader of " + name, e);
    } finally {
      closeQuietly(connection);
      if (deleteOnClose != null) {
        Files.deleteIfExists(deleteOnClose);
      }
    }
  }

  private static void closeQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException ignored) {
      // the connection is gone either way; nothing was written through it
    }
  }
}
