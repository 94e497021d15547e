package io.costfleet.focus;

import io.costfleet.source.MalformedPayloadException;
import io.costfleet.source.csv.CsvHeader;
import io.costfleet.source.csv.CsvRow;
import io.costfleet.staging.ParquetRecordReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Properties;

/**
 * The rows of a Parquet file as text, streamed through embedded DuckDB (one thread, bounded memory),
 * so that {@link FocusCsvNormalizer} reads Parquet and CSV exports alike: timestamps become ISO-8601
 * instants in UTC, decimals plain strings, maps/structs/lists JSON, everything else its text.
 */
final class FocusParquetFile implements Iterable<CsvRow>, AutoCloseable {
  private final Path file;
  private final Connection connection;
  private final Statement statement;
  private final ResultSet rows;
  private final CsvHeader header;
  private final List<String> types;
  private boolean iterated;

  private FocusParquetFile(Path file, Connection connection, Statement statement, ResultSet rows, CsvHeader header,
      List<String> types) {
    this.file = file;
    this.connection = connection;
    this.statement = statement;
    this.rows = rows;
    this.header = header;
    this.types = types;
  }

  /** The column names of a Parquet file (its schema only). */
  static List<String> columns(Path file) throws IOException {
    try (Connection c = connect(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM read_parquet(" + literal(file) + ")")) {
      List<String> names = new ArrayList<>();
      while (rs.next()) {
        names.add(rs.getString("column_name"));
      }
      return names;
    } catch (SQLException e) {
      throw new IOException("cannot read Parquet " + file.getFileName() + ": " + e.getMessage(), e);
    }
  }

  static FocusParquetFile open(Path file) throws IOException {
    Connection c = null;
    try {
      c = connect();
      List<String> names = new ArrayList<>();
      List<String> types = new ArrayList<>();
      try (Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM read_parquet(" + literal(file) + ")")) {
        while (rs.next()) {
          names.add(rs.getString("column_name"));
          types.add(rs.getString("column_type").toUpperCase(Locale.ROOT));
        }
      }
      StringBuilder select = new StringBuilder("SELECT ");
      for (int i = 0; i < names.size(); i++) {
        String col = "\"" + names.get(i).replace("\"", "\"\"") + "\"";
        String type = types.get(i);
        boolean nested = type.startsWith("MAP") || type.startsWith("STRUCT") || type.endsWith("[]")
            || type.startsWith("LIST");
        select.append(i == 0 ? "" : ", ").append(nested ? "CAST(to_json(" + col + ") AS VARCHAR)" : col);
      }
      select.append(" FROM read_parquet(").append(literal(file)).append(")");
      Statement statement = c.createStatement();
      ResultSet rs = statement.executeQuery(select.toString());
      return new FocusParquetFile(file, c, statement, rs, new CsvHeader(names), types);
    } catch (SQLException e) {
      closeQuietly(c);
      throw new IOException("cannot read Parquet " + file.getFileName() + ": " + e.getMessage(), e);
    }
  }

  private static Connection connect() throws SQLException {
    Properties p = new Properties();
    p.setProperty("jdbc_stream_results", "true");
    Connection c = DriverManager.getConnection("jdbc:duckdb:", p);
    try (Statement s = c.createStatement()) {
      s.execute("SET threads = 1");
      s.execute("SET memory_limit = '512MB'");
    }
    return c;
  }

  CsvHeader header() {
    return header;
  }

  @Override
  public Iterator<CsvRow> iterator() {
    if (iterated) {
      throw new IllegalStateException("a Parquet export is read once");
    }
    iterated = true;
    String name = file.getFileName().toString();
    return new Iterator<>() {
      private CsvRow next;
      private long line;

      @Override
      public boolean hasNext() {
        if (next != null) {
          return true;
        }
        try {
          if (!rows.next()) {
            return false;
          }
          String[] values = new String[header.size()];
          for (int i = 0; i < values.length; i++) {
            values[i] = text(rows, i + 1, types.get(i));
          }
          next = new CsvRow(header, values, ++line, name);
          return true;
        } catch (SQLException e) {
          throw new MalformedPayloadException("unreadable Parquet " + name + " at row " + (line + 1) + ": "
              + e.getMessage(), e);
        }
      }

      @Override
      public CsvRow next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        CsvRow row = next;
        next = null;
        return row;
      }
    };
  }

  private static String text(ResultSet rs, int index, String type) throws SQLException {
    if (type.startsWith("TIMESTAMP") && type.contains("TIME ZONE")) {
      OffsetDateTime t = rs.getObject(index, OffsetDateTime.class);
      return t == null ? null : t.toInstant().toString();
    }
    Object v = rs.getObject(index);
    if (v == null) {
      return null;
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof Double || v instanceof Float) {
      return new BigDecimal(v.toString()).toPlainString();
    }
    if (v instanceof java.sql.Timestamp ts) {
      return ts.toLocalDateTime().toInstant(ZoneOffset.UTC).toString();
    }
    if (v instanceof LocalDateTime ldt) {
      return ldt.toInstant(ZoneOffset.UTC).toString();
    }
    if (v instanceof OffsetDateTime odt) {
      return odt.toInstant().toString();
    }
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate().toString();
    }
    if (v instanceof LocalDate d) {
      return d.toString();
    }
    return v.toString();
  }

  private static String literal(Path file) {
    return ParquetRecordReader.literal(file.toAbsolutePath().toString());
  }

  @Override
  public void close() {
    try {
      rows.close();
      statement.close();
    } catch (SQLException ignored) {
      // closing the connection below releases everything the statement held
    } finally {
      closeQuietly(connection);
    }
  }

  private static void closeQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException ignored) {
      // nothing is left to release: the database is in memory
    }
  }
}
