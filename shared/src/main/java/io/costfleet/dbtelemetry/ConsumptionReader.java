package io.costfleet.dbtelemetry;

import io.costfleet.staging.ParquetRecordReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads an endpoint's telemetry for a period and attributes it to cost centers. A sample's deltas
 * cover {@code (previous sample, sample]}; a delta whose interval straddles the period's start or
 * end is pro-rated by time, so a period gets exactly the usage measured within it. Storage is
 * bytes × time over the same intervals (a GB held all month weighs 30× a GB held one day); when the
 * period has no interval yet (a single, first sample), the latest sizes are used.
 *
 * <p>Which rows weigh what: compute is the execution time of PostgreSQL {@code pg_stat_statements}
 * (per database and role) or MySQL/MariaDB digests (per schema; per user with
 * {@code compute-by: user}); I/O is PostgreSQL's statement blocks read, written and spilled to temp
 * files, or MySQL/MariaDB InnoDB data-file pages read and written per schema; storage is the
 * storage rows. Rows go to cost centers through {@link TenantMatcher}; the statements of the telemetry
 * role itself (the endpoint's {@code username}) are monitoring overhead and never a tenant's.
 */
public final class ConsumptionReader {
  private static final int FRACTION_SCALE = 6;

  private final TelemetryStore store;
  private final DbTelemetryConfig config;

  public ConsumptionReader(TelemetryStore store, DbTelemetryConfig config) {
    this.store = store;
    this.config = config;
  }

  /** Every endpoint's consumption, by billed ResourceId in lower case. */
  public Map<String, ResourceConsumption> readAll(YearMonth period) throws IOException {
    Map<String, ResourceConsumption> out = new TreeMap<>();
    for (DbEndpoint e : config.endpoints()) {
      out.put(e.resourceId().toLowerCase(java.util.Locale.ROOT), read(e, period));
    }
    return out;
  }

  /** The consumption of an endpoint's resource in a period, per cost center. */
  public ResourceConsumption read(DbEndpoint endpoint, YearMonth period) throws IOException {
    return read(endpoint, period, period.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
        DbTenant::costCenter);
  }

  /**
   * The consumption of an endpoint in a period up to {@code until}, per tenant name (usage no tenant
   * claims under the unattributed cost center's name).
   */
  public ResourceConsumption readByTenant(DbEndpoint endpoint, YearMonth period, Instant until) throws IOException {
    return read(endpoint, period, until, DbTenant::name);
  }

  private ResourceConsumption read(DbEndpoint endpoint, YearMonth period, Instant until,
      Function<DbTenant, String> keyOf) throws IOException {
    Instant start = period.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant periodEnd = period.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant end = until.isBefore(periodEnd) ? until : periodEnd;
    List<Path> files = new ArrayList<>(store.files(endpoint.name(), period));
    files.addAll(store.files(endpoint.name(), period.plusMonths(1)));
    Map<Component, SortedMap<String, BigDecimal>> measures = new EnumMap<>(Component.class);
    for (Component c : Component.values()) {
      measures.put(c, new TreeMap<>());
    }
    List<String> notes = new ArrayList<>();
    TenantMatcher matcher = new TenantMatcher(endpoint.tenants());
    String unattributed = config.unattributedCostCenter();
    Set<String> ambiguous = new TreeSet<>();
    Set<Instant> samples = new TreeSet<>();
    Set<Instant> resets = new TreeSet<>();
    Scope computeScope = endpoint.computeBy() == ComputeDimension.USER ? Scope.USER_STATEMENTS : Scope.STATEMENTS;
    Scope ioScope = endpoint.engine() == DbEngine.POSTGRESQL ? Scope.STATEMENTS : Scope.FILE_IO;
    if (!files.isEmpty()) {
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
        String sql = "SELECT sampled_at, previous_sampled_at, reset, scope, \"database\", \"schema\", role, "
            + "CAST(sum(d_exec_us) AS DECIMAL(38,0)), "
            + "CAST(sum(d_blocks_read + d_blocks_written + d_temp_blocks) AS DECIMAL(38,0)), "
            + "CAST(sum(bytes) AS DECIMAL(38,0)) FROM read_parquet(" + list(files) + ") "
            + "WHERE previous_sampled_at IS NOT NULL AND scope IN (" + scopes(computeScope, ioScope) + ") "
            + "AND previous_sampled_at < " + timestamp(end) + " AND sampled_at > " + timestamp(start) + " "
            + "GROUP BY ALL ORDER BY ALL";
        try (ResultSet rs = st.executeQuery(sql)) {
          while (rs.next()) {
            Instant at = instant(rs, 1);
            Instant prev = instant(rs, 2);
            Scope scope = Scope.valueOf(rs.getString(4));
            long overlapMs = Duration.between(max(prev, start), min(at, end)).toMillis();
            long intervalMs = Duration.between(prev, at).toMillis();
            if (overlapMs <= 0 || intervalMs <= 0) {
              continue;
            }
            samples.add(at);
            if (rs.getBoolean(3)) {
              resets.add(at);
            }
            String role = rs.getString(7);
            TenantMatcher.Match m = role != null && role.equals(endpoint.username()) ? new TenantMatcher.Unclaimed()
                : matcher.match(rs.getString(5), rs.getString(6), role);
            if (m instanceof TenantMatcher.Ambiguous a) {
              ambiguous.add(a.tenants().stream().map(DbTenant::costCenter).distinct().sorted()
                  .collect(Collectors.joining(", ")) + " (database " + rs.getString(5) + ", schema " + rs.getString(6)
                  + ", role " + rs.getString(7) + ")");
            }
            String cc = m instanceof TenantMatcher.Claimed claimed ? keyOf.apply(claimed.tenant()) : unattributed;
            if (scope == computeScope) {
              add(measures.get(Component.COMPUTE), cc, prorate(rs.getBigDecimal(8), overlapMs, intervalMs));
            }
            if (scope == ioScope) {
              add(measures.get(Component.IO), cc, prorate(rs.getBigDecimal(9), overlapMs, intervalMs));
            }
            if (scope == Scope.STORAGE) {
              add(measures.get(Component.STORAGE), cc, rs.getBigDecimal(10).multiply(BigDecimal.valueOf(overlapMs)));
            }
          }
        }
      } catch (SQLException e) {
        throw new UncheckedIOException(new IOException("cannot read the telemetry of endpoint " + endpoint.name()
            + " for " + period + ": " + e.getMessage(), e));
      }
    }
    if (measures.get(Component.STORAGE).values().stream().allMatch(v -> v.signum() == 0)) {
      latestSizes(endpoint, period, matcher, unattributed, keyOf, measures.get(Component.STORAGE), notes);
    }
    for (String a : ambiguous) {
      notes.add("usage claimed equally by tenants of several cost centers went to " + unattributed + ": " + a);
    }
    measures.values().forEach(m -> m.values().removeIf(v -> v.signum() == 0));
    return new ResourceConsumption(endpoint.name(), endpoint.resourceId(), period, new EnumMap<>(measures),
        samples.size(), resets.size(), notes);
  }

  private void latestSizes(DbEndpoint endpoint, YearMonth period, TenantMatcher matcher, String unattributed,
      Function<DbTenant, String> keyOf, SortedMap<String, BigDecimal> storage, List<String> notes) throws IOException {
    List<Path> files = store.files(endpoint.name(), period);
    if (files.isEmpty()) {
      return;
    }
    Sample latest = store.read(files.get(files.size() - 1));
    storage.clear();
    for (UsageRow r : latest.rows()) {
      if (r.scope() == Scope.STORAGE && r.bytes() > 0) {
        TenantMatcher.Match m = matcher.match(r.database(), r.schema(), r.role());
        add(storage, m instanceof TenantMatcher.Claimed c ? keyOf.apply(c.tenant()) : unattributed,
            BigDecimal.valueOf(r.bytes()));
      }
    }
    notes.add("storage weighed by the sizes of the sample at " + latest.sampledAt()
        + " (the period has no interval between two samples yet)");
  }

  private static BigDecimal prorate(BigDecimal value, long overlapMs, long intervalMs) {
    if (overlapMs >= intervalMs) {
      return value;
    }
    return value.multiply(BigDecimal.valueOf(overlapMs)).divide(BigDecimal.valueOf(intervalMs), FRACTION_SCALE,
        RoundingMode.HALF_EVEN);
  }

  private static void add(SortedMap<String, BigDecimal> m, String cc, BigDecimal v) {
    if (v.signum() != 0) {
      m.merge(cc, v, BigDecimal::add);
    }
  }

  private static String list(List<Path> files) {
    return files.stream().map(f -> ParquetRecordReader.literal(f.toString())).collect(Collectors.joining(", ", "[", "]"));
  }

  private static String scopes(Scope... scopes) {
    Set<String> names = new TreeSet<>();
    for (Scope s : scopes) {
      names.add("'" + s.name() + "'");
    }
    names.add("'" + Scope.STORAGE.name() + "'");
    return String.join(", ", names);
  }

  private static String timestamp(Instant t) {
    return "TIMESTAMPTZ '" + t + "'";
  }

  private static Instant instant(ResultSet rs, int i) throws SQLException {
    return rs.getObject(i, OffsetDateTime.class).toInstant();
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
