package io.costfleet.dbtelemetry;

import io.costfleet.staging.AtomicFiles;
import io.costfleet.staging.ParquetRecordReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Where telemetry samples live: one Parquet file per sample under the storage root,
 *
 * <pre>
 * telemetry/endpoint=NAME/billing_period=YYYY-MM/sample-20261105T101500123Z.parquet
 * </pre>
 *
 * (the period and name are the sample's UTC time, so names sort by time). Each file holds the
 * sample's rows with their cumulative counters and their deltas, and repeats the sample's own
 * columns (endpoint, engine, sampled_at, previous_sampled_at, server_started_at, stats_epoch,
 * reset) on every row; a row of scope {@code SAMPLE} keeps them for a sample without rows. The
 * previous sample a new one is compared with is the latest file of its endpoint, so it survives
 * worker restarts and Redis loss. Files are written atomically and read through DuckDB, like the
 * staging layout; Spark, Trino and Athena read the same files.
 */
public final class TelemetryStore {
  static final String SAMPLE_MARKER = "SAMPLE";
  private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
      .withZone(ZoneOffset.UTC);
  private static final String COLUMNS = "endpoint VARCHAR, engine VARCHAR, sampled_at TIMESTAMPTZ, "
      + "previous_sampled_at TIMESTAMPTZ, server_started_at TIMESTAMPTZ, stats_epoch VARCHAR, reset BOOLEAN, "
      + "scope VARCHAR, key VARCHAR, database VARCHAR, schema VARCHAR, role VARCHAR, since VARCHAR, "
      + "calls BIGINT, exec_us BIGINT, blocks_read BIGINT, blocks_written BIGINT, temp_blocks BIGINT, bytes BIGINT, "
      + "d_calls BIGINT, d_exec_us BIGINT, d_blocks_read BIGINT, d_blocks_written BIGINT, d_temp_blocks BIGINT";

  private final Path root;

  /** @param storageRoot the storage root ({@code costfleet.storage.root}); samples go under {@code telemetry/} */
  public TelemetryStore(Path storageRoot) {
    this.root = Objects.requireNonNull(storageRoot, "storageRoot").toAbsolutePath().normalize().resolve("telemetry");
  }

  public Path root() {
    return root;
  }

  public Path endpointDir(String endpoint) {
    return root.resolve("endpoint=" + endpoint);
  }

  public Path periodDir(String endpoint, YearMonth period) {
    return endpointDir(endpoint).resolve("billing_period=" + period);
  }

  /** The file of a sample. */
  public Path file(String endpoint, Instant sampledAt) {
    YearMonth period = YearMonth.from(sampledAt.atZone(ZoneOffset.UTC));
    return periodDir(endpoint, period).resolve("sample-" + FILE_TIME.format(sampledAt) + ".parquet");
  }

  /** Writes a sample atomically; returns its file. */
  public Path write(Sample sample) throws IOException {
    Path target = file(sample.endpoint(), sample.sampledAt());
    AtomicFiles.write(target, tmp -> writeParquet(sample, tmp));
    return target;
  }

  /** The sample files of an endpoint's period, oldest first. */
  public List<Path> files(String endpoint, YearMonth period) throws IOException {
    Path dir = periodDir(endpoint, period);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(TelemetryStore::isSampleFile).sorted().toList();
    }
  }

  /** The endpoint's latest sample, if it has one. */
  public Optional<Sample> latest(String endpoint) throws IOException {
    Optional<Path> file = latestFile(endpoint);
    return file.isEmpty() ? Optional.empty() : Optional.of(read(file.get()));
  }

  /** The file of the endpoint's latest sample. */
  public Optional<Path> latestFile(String endpoint) throws IOException {
    Path dir = endpointDir(endpoint);
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    List<Path> periods;
    try (Stream<Path> s = Files.list(dir)) {
      periods = s.filter(p -> p.getFileName().toString().startsWith("billing_period=") && Files.isDirectory(p))
          .sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : periods) {
      try (Stream<Path> s = Files.list(p)) {
        Optional<Path> last = s.filter(TelemetryStore::isSampleFile).max(Comparator.naturalOrder());
        if (last.isPresent()) {
          return last;
        }
      }
    }
    return Optional.empty();
  }

  /** Reads one sample file. */
  public Sample read(Path file) {
    String sql = "SELECT * FROM read_parquet(" + ParquetRecordReader.literal(file.toString()) + ") ORDER BY scope, key";
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
         Statement st = c.createStatement();
         ResultSet rs = st.executeQuery(sql)) {
      String endpoint = null;
      DbEngine engine = null;
      Instant sampledAt = null;
      Instant previous = null;
      Instant started = null;
      String epoch = null;
      boolean reset = false;
      List<UsageRow> rows = new ArrayList<>();
      while (rs.next()) {
        endpoint = rs.getString("endpoint");
        engine = DbEngine.valueOf(rs.getString("engine"));
        sampledAt = instant(rs, "sampled_at");
        previous = instant(rs, "previous_sampled_at");
        started = instant(rs, "server_started_at");
        epoch = rs.getString("stats_epoch");
        reset = rs.getBoolean("reset");
        String scope = rs.getString("scope");
        if (SAMPLE_MARKER.equals(scope)) {
          continue;
        }
        rows.add(new UsageRow(Scope.valueOf(scope), rs.getString("key"), rs.getString("database"),
            rs.getString("schema"), rs.getString("role"), rs.getString("since"),
            new Counters(rs.getLong("calls"), rs.getLong("exec_us"), rs.getLong("blocks_read"),
                rs.getLong("blocks_written"), rs.getLong("temp_blocks")),
            rs.getLong("bytes"),
            new Counters(rs.getLong("d_calls"), rs.getLong("d_exec_us"), rs.getLong("d_blocks_read"),
                rs.getLong("d_blocks_written"), rs.getLong("d_temp_blocks"))));
      }
      if (endpoint == null) {
        throw new UncheckedIOException(new IOException("telemetry sample " + file + " has no rows"));
      }
      return new Sample(endpoint, engine, sampledAt, previous, started, epoch, reset, rows);
    } catch (SQLException e) {
      throw new UncheckedIOException(new IOException("cannot read telemetry sample " + file + ": " + e.getMessage(), e));
    }
  }

  static boolean isSampleFile(Path p) {
    String n = p.getFileName().toString();
    return n.startsWith("sample-") && n.endsWith(".parquet") && !AtomicFiles.isTemporary(p);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static void writeParquet(Sample s, Path target) throws IOException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
         Statement st = c.createStatement()) {
      st.execute("SET TimeZone = 'UTC'");
      st.execute("CREATE TABLE sample (" + COLUMNS + ")");
      try (DuckDBAppender a = c.unwrap(DuckDBConnection.class).createAppender("main", "sample")) {
        append(a, s, new UsageRow(Scope.STORAGE, SAMPLE_MARKER, null, null, null, null, null, 0, null), true);
        for (UsageRow r : s.rows()) {
          append(a, s, r, false);
        }
      }
      st.execute("COPY sample TO " + ParquetRecordReader.literal(target.toString())
          + " (FORMAT parquet, COMPRESSION zstd)");
    } catch (SQLException e) {
      throw new IOException("cannot write telemetry sample " + target + ": " + e.getMessage(), e);
    }
  }

  private static void append(DuckDBAppender a, Sample s, UsageRow r, boolean marker) throws SQLException {
    a.beginRow();
    a.append(s.endpoint());
    a.append(s.engine().name());
    a.append(OffsetDateTime.ofInstant(s.sampledAt(), ZoneOffset.UTC));
    if (s.previousSampledAt() == null) {
      a.appendNull();
    } else {
      a.append(OffsetDateTime.ofInstant(s.previousSampledAt(), ZoneOffset.UTC));
    }
    a.append(OffsetDateTime.ofInstant(s.serverStartedAt(), ZoneOffset.UTC));
    string(a, s.statsEpoch());
    a.append(s.reset());
    a.append(marker ? SAMPLE_MARKER : r.scope().name());
    a.append(r.key());
    string(a, r.database());
    string(a, r.schema());
    string(a, r.role());
    string(a, r.since());
    Counters c = r.counters();
    a.append(c.calls()).append(c.execMicros()).append(c.blocksRead()).append(c.blocksWritten()).append(c.tempBlocks());
    a.append(r.bytes());
    Counters d = r.delta();
    a.append(d.calls()).append(d.execMicros()).append(d.blocksRead()).append(d.blocksWritten()).append(d.tempBlocks());
    a.endRow();
  }

  private static void string(DuckDBAppender a, String v) throws SQLException {
    if (v == null) {
      a.appendNull();
    } else {
      a.append(v);
    }
  }
}
