package io.costfleet.staging;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costfleet.model.CostRecord;
import io.costfleet.model.FocusColumn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/** Reads staged FOCUS Parquet back into {@link CostRecord}s through embedded DuckDB. */
public final class ParquetRecordReader {
  private static final TypeReference<TreeMap<String, String>> TAGS = new TypeReference<>() {};
  private final ObjectMapper json = new ObjectMapper();

  /** Streams every record of the files matching a glob ({@code /dir/**}{@code /*.parquet}), in file then row order. */
  public void forEach(String glob, Consumer<CostRecord> sink) {
    String sql = "SELECT * FROM read_parquet(" + literal(glob) + ", union_by_name = true, filename = false) ";
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      Map<Integer, FocusColumn> columns = new HashMap<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        FocusColumn col = FocusColumn.byName(md.getColumnName(i));
        if (col != null) {
          columns.put(i, col);
        }
      }
      while (rs.next()) {
        CostRecord.Builder b = CostRecord.builder();
        for (Map.Entry<Integer, FocusColumn> e : columns.entrySet()) {
          FocusColumn col = e.getValue();
          int i = e.getKey();
          Object v = switch (col.type()) {
            case STRING -> rs.getString(i);
            case DECIMAL -> rs.getBigDecimal(i) == null ? null : rs.getBigDecimal(i).stripTrailingZeros();
            case TIMESTAMP -> {
              OffsetDateTime t = rs.getObject(i, OffsetDateTime.class);
              yield t == null ? null : t.toInstant();
            }
            case BOOLEAN -> {
              boolean x = rs.getBoolean(i);
              yield rs.wasNull() ? null : x;
            }
            case TAGS -> tags(rs.getString(i));
          };
          if (v != null) {
            col.set(b, v);
          }
        }
        sink.accept(b.build());
      }
    } catch (SQLException e) {
      throw new UncheckedIOException(new IOException("cannot read Parquet " + glob + ": " + e.getMessage(), e));
    }
  }

  /** Every record of one file or glob. For tests and small files. */
  public List<CostRecord> readAll(Path fileOrGlob) {
    List<CostRecord> out = new ArrayList<>();
    forEach(fileOrGlob.toString(), out::add);
    return out;
  }

  private Map<String, String> tags(String text) {
    if (text == null) {
      return null;
    }
    try {
      return json.readValue(text, TAGS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A SQL string literal. */
  public static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
