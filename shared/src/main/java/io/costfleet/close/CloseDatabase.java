package io.costfleet.close;

import io.costfleet.close.allocation.AllocationKey;
import io.costfleet.close.allocation.Attribute;
import io.costfleet.close.allocation.Placement;
import io.costfleet.close.allocation.TagKeys;
import io.costfleet.close.reconcile.PipelineTotal;
import io.costfleet.staging.ParquetRecordReader;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The close's heavy lifting in embedded DuckDB over the staged Parquet: deduplication, totals for
 * reconciliation, the distinct allocation keys, and the aggregation of placed cost to the
 * chargeback grain. Only aggregates come back to the JVM.
 */
final class CloseDatabase implements AutoCloseable {
  private static final TypeReference<TreeMap<String, String>> TAGS = new TypeReference<>() {};
  private final ObjectMapper json = new ObjectMapper();
  private final Connection conn;
  private String source;

  /** Rows staged by one job for one source. */
  record StagedCount(String jobId, String provider, String source, long rows) {}

  /** Rows kept after deduplication, per provider and source. */
  record KeptCount(String provider, String source, long rows) {}

  /** Cost of one placement at the chargeback grain (plus consumed unit, or resource for per-resource pools). */
  record PlacedLine(String costCenter, String businessUnit, String rule, String method, String sharedRule,
      String provider, String providerName, String serviceCategory, String serviceName, LocalDate day, String currency,
      String consumedUnit, String resourceId, BigDecimal billedCost, BigDecimal effectiveCost,
      BigDecimal consumedQuantity, long records) {}

  CloseDatabase(int threads, String memoryLimit, Path tempDir) throws SQLException {
    conn = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = conn.createStatement()) {
      s.execute("SET TimeZone = 'UTC'");
      s.execute("SET threads = " + threads);
      s.execute("SET memory_limit = " + ParquetRecordReader.literal(memoryLimit));
      s.execute("SET temp_directory = " + ParquetRecordReader.literal(tempDir.toString()));
      s.execute("SET preserve_insertion_order = false");
    }
  }

  void registerFiles(List<StagedJob> jobs, Set<String> chargebackPartitions, java.time.YearMonth period) throws SQLException {
    try (Statement s = conn.createStatement()) {
      s.execute("CREATE TABLE files (filename VARCHAR, provider VARCHAR, account VARCHAR, dataset VARCHAR, job VARCHAR, "
          + "generation INTEGER, chargeback BOOLEAN)");
    }
    List<String> files = new ArrayList<>();
    try (DuckDBAppender a = ((DuckDBConnection) conn).createAppender(DuckDBConnection.DEFAULT_SCHEMA, "files")) {
      for (StagedJob j : jobs) {
        boolean cb = chargebackPartitions.contains(j.partition(period));
        for (Path p : j.pages()) {
          String f = p.toAbsolutePath().toString();
          files.add(f);
          a.beginRow().append(f).append(j.provider()).append(j.account()).append(j.dataset()).append(j.jobId())
              .append(j.generation()).append(cb).endRow();
        }
      }
    }
    source = "read_parquet([" + files.stream().map(ParquetRecordReader::literal).collect(Collectors.joining(","))
        + "], filename = true, file_row_number = true, union_by_name = true)";
  }

  List<StagedCount> stagedCounts() throws SQLException {
    return query("SELECT f.job, coalesce(s.x_Provider, f.provider), s.x_Source, count(*) FROM " + source
        + " s JOIN files f ON s.filename = f.filename GROUP BY ALL ORDER BY ALL",
        rs -> new StagedCount(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
  }

  /**
   * Keeps one row per (dataset, x_SourceRecordHash): highest x_SourceVersion, then latest generation
   * (then the later file and row, so the choice is deterministic). Only keys that occur more than
   * once are ranked; every other row is kept without sorting.
   */
  void dedupe(Set<Attribute> attributes) throws SQLException {
    StringBuilder cols = new StringBuilder();
    for (Attribute a : attributes) {
      if (a != Attribute.PROVIDER && !a.fromPartition()) {
        cols.append(", s.").append(q(a.column()));
      }
    }
    try (Statement s = conn.createStatement()) {
      // candidates by a 64-bit hash of the key (cheap to group); a collision only adds a candidate, the ranking
      // below partitions by the key itself
      s.execute("CREATE TABLE dup_keys AS SELECT f.dataset, hash(s.x_SourceRecordHash) AS hh FROM " + source
          + " s JOIN files f ON s.filename = f.filename WHERE s.x_SourceRecordHash IS NOT NULL GROUP BY ALL HAVING count(*) > 1");
      s.execute("CREATE TABLE losers AS SELECT filename, file_row_number FROM (SELECT s.filename, s.file_row_number, "
          + "row_number() OVER (PARTITION BY f.dataset, s.x_SourceRecordHash ORDER BY try_cast(s.x_SourceVersion AS HUGEINT) "
          + "DESC NULLS LAST, s.x_SourceVersion DESC NULLS LAST, f.generation DESC, s.filename DESC, s.file_row_number DESC) "
          + "AS rn FROM " + source + " s JOIN files f ON s.filename = f.filename "
          + "JOIN dup_keys d ON d.dataset = f.dataset AND d.hh = hash(s.x_SourceRecordHash)) WHERE rn > 1");
      s.execute("CREATE VIEW deduped AS SELECT coalesce(s.x_Provider, f.provider) AS x_Provider, f.account AS p_account, "
          + "f.dataset AS p_dataset, f.chargeback AS p_chargeback, s.x_Source, s.BilledCost, s.EffectiveCost, "
          + "s.BillingCurrency, CAST(coalesce(s.ChargePeriodStart, s.BillingPeriodStart) AS DATE) AS p_day, s.InvoiceId, "
          + "s.ProviderName, s.ServiceName, s.ServiceCategory, s.ConsumedQuantity, s.ConsumedUnit" + cols
          + ", hash(" + keyColumns(attributes, "s.", "coalesce(s.x_Provider, f.provider)") + ") AS p_akey"
          + " FROM " + source + " s JOIN files f ON s.filename = f.filename"
          + " ANTI JOIN losers l ON l.filename = s.filename AND l.file_row_number = s.file_row_number");
    }
  }

  List<KeptCount> keptCounts() throws SQLException {
    return query("SELECT x_Provider, x_Source, count(*) FROM deduped GROUP BY ALL ORDER BY ALL",
        rs -> new KeptCount(rs.getString(1), rs.getString(2), rs.getLong(3)));
  }

  List<PipelineTotal> pipelineTotals() throws SQLException {
    return query("SELECT x_Provider, p_account, p_dataset, BillingCurrency, InvoiceId, sum(BilledCost), sum(EffectiveCost), "
        + "count(*) FROM deduped GROUP BY ALL ORDER BY ALL",
        rs -> new PipelineTotal(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
            money(rs.getBigDecimal(6)), money(rs.getBigDecimal(7)), rs.getLong(8)));
  }

  /** The distinct allocation keys of the chargeback rows, placed by {@code placer}, stored for the join. */
  void place(Set<Attribute> attributes, Function<AllocationKey, Placement> placer,
      java.util.function.Predicate<String> perResourceRule) throws SQLException, IOException {
    List<Attribute> attrs = new ArrayList<>(attributes);
    String cols = attrs.stream().map(a -> q(a.column())).collect(Collectors.joining(", "));
    try (Statement s = conn.createStatement()) {
      s.execute("CREATE TABLE keys AS SELECT row_number() OVER () AS key_id, * FROM (SELECT DISTINCT p_akey, " + cols
          + " FROM deduped WHERE p_chargeback)");
      s.execute("CREATE TABLE key_alloc (key_id BIGINT, cost_center VARCHAR, business_unit VARCHAR, rule VARCHAR, "
          + "method VARCHAR, shared_rule VARCHAR, per_resource BOOLEAN)");
    }
    Map<String, Map<String, String>> tagCache = new LinkedHashMap<>();
    try (Statement s = conn.createStatement();
         ResultSet rs = s.executeQuery("SELECT key_id, " + cols + " FROM keys");
         DuckDBAppender out = ((DuckDBConnection) conn).createAppender(DuckDBConnection.DEFAULT_SCHEMA, "key_alloc")) {
      while (rs.next()) {
        Map<Attribute, String> values = new EnumMap<>(Attribute.class);
        Map<String, String> tags = Map.of();
        for (int i = 0; i < attrs.size(); i++) {
          String v = rs.getString(i + 2);
          if (attrs.get(i) == Attribute.TAGS) {
            tags = v == null ? Map.of() : tagCache.computeIfAbsent(v, this::normalizedTags);
          } else if (v != null) {
            values.put(attrs.get(i), v);
          }
        }
        Placement p = placer.apply(new AllocationKey(values, tags));
        out.beginRow().append(rs.getLong(1));
        if (p instanceof Placement.Direct d) {
          out.append(d.costCenter()).append(d.businessUnit()).append(d.rule()).append(d.method().code()).appendNull()
              .append(false);
        } else if (p instanceof Placement.Shared sh) {
          out.appendNull().appendNull().append(sh.rule().name()).append(Placement.Method.SHARED.code())
              .append(sh.rule().name()).append(perResourceRule.test(sh.rule().name()));
        }
        out.endRow();
        if (tagCache.size() > 100_000) {
          tagCache.clear();
        }
      }
    }
  }

  private Map<String, String> normalizedTags(String text) {
    try {
      return TagKeys.normalizeAll(json.readValue(text, TAGS));
    } catch (IOException e) {
      return Map.of();
    }
  }

  /**
   * Placed cost aggregated to the chargeback grain; shared rows per slice. Rows join their key by a
   * 64-bit hash of the key's attributes; should two keys share a hash, by the attributes themselves.
   */
  List<PlacedLine> placedLines(Set<Attribute> attributes) throws SQLException {
    long collisions = query("SELECT count(*) FROM (SELECT p_akey FROM keys GROUP BY p_akey HAVING count(*) > 1)",
        rs -> rs.getLong(1)).get(0);
    String join = collisions == 0 ? "d.p_akey = k.p_akey" : attributes.stream()
        .map(a -> "d." + q(a.column()) + " IS NOT DISTINCT FROM k." + q(a.column())).collect(Collectors.joining(" AND "));
    String resource = attributes.contains(Attribute.RESOURCE_ID) ? "d.ResourceId" : "NULL";
    String sql = "SELECT a.cost_center, a.business_unit, a.rule, a.method, a.shared_rule, d.x_Provider, d.ProviderName, "
        + "d.ServiceCategory, d.ServiceName, d.p_day, d.BillingCurrency, "
        + "CASE WHEN a.shared_rule IS NULL THEN d.ConsumedUnit END AS unit, "
        + "CASE WHEN a.per_resource THEN " + resource + " END AS resource, "
        + "sum(d.BilledCost), sum(d.EffectiveCost), sum(d.ConsumedQuantity), count(*) "
        + "FROM deduped d JOIN keys k ON " + join + " JOIN key_alloc a ON a.key_id = k.key_id "
        + "WHERE d.p_chargeback GROUP BY ALL";
    return query(sql, rs -> new PlacedLine(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
        rs.getObject(10, LocalDate.class), rs.getString(11), rs.getString(12), rs.getString(13),
        money(rs.getBigDecimal(14)), money(rs.getBigDecimal(15)), rs.getBigDecimal(16) == null ? null
        : rs.getBigDecimal(16).stripTrailingZeros(), rs.getLong(17)));
  }

  /** The key attributes as a column list for {@code hash(…)}, in a fixed order. */
  private static String keyColumns(Set<Attribute> attributes, String prefix, String providerExpression) {
    return attributes.stream().sorted().map(a -> a == Attribute.PROVIDER ? providerExpression
        : a == Attribute.JOB_ACCOUNT ? "f.account" : prefix + q(a.column())).collect(Collectors.joining(", "));
  }

  private static BigDecimal money(BigDecimal v) {
    return v == null ? BigDecimal.ZERO : v;
  }

  static String q(String column) {
    return "\"" + column.replace("\"", "\"\"") + "\"";
  }

  @FunctionalInterface
  private interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private <T> List<T> query(String sql, RowMapper<T> mapper) throws SQLException {
    List<T> out = new ArrayList<>();
    try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(mapper.map(rs));
      }
    }
    return out;
  }

  @Override
  public void close() throws SQLException {
    conn.close();
  }
}
