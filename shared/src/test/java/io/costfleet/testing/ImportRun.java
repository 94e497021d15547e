package io.costfleet.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costfleet.importer.ImportMain;
import io.costfleet.importer.Importer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One {@code costfleet import} through its main (the formats on the test class path), with what it
 * printed: exit code, stdout, stderr, and the JSON summary (stdout's last line).
 */
public record ImportRun(int exit, String stdout, String stderr) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static ImportRun of(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = ImportMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Importer.discovered());
    return new ImportRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  public JsonNode summary() {
    String[] lines = stdout.strip().split("\n");
    try {
      return JSON.readTree(lines[lines.length - 1]);
    } catch (IOException e) {
      throw new UncheckedIOException("stdout's last line is not JSON: " + stdout, e);
    }
  }

  /** A figure of the summary's totals as a number ({@code null} when the currency is absent). */
  public BigDecimal total(String currency, String column) {
    JsonNode t = summary().path("totals").path(currency).path(column);
    return t.isMissingNode() ? null : new BigDecimal(t.asText());
  }

  /** One number computed by DuckDB over the staged Parquet of {@code root} ({@code SELECT <expr> FROM staged}). */
  public static BigDecimal staged(Path root, String selectExpression) {
    String glob = root.resolve("staging").toString() + "/**/*.parquet";
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT " + selectExpression + " FROM read_parquet('" + glob + "')")) {
      rs.next();
      BigDecimal v = rs.getBigDecimal(1);
      return v == null ? BigDecimal.ZERO : v;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
