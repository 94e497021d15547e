package io.costfleet.dbtelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import io.costfleet.job.Provider;
import io.costfleet.model.CostRecord;
import io.costfleet.source.ErrorClassifier;
import io.costfleet.source.Failure;
import io.costfleet.state.InMemoryCoordination;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance against a real MariaDB with performance_schema on ({@link PrivateMariaDb}): two tenant
 * schemas, one with 10× the queries and 5× the data of the other, three samples with the digest
 * table truncated between the second and third, and the allocation of a simulated RDS bill.
 */
class MariaDbTelemetryIT {
  private static final String RESOURCE = "arn:aws:rds:us-east-1:123456789012:db:shop-mariadb";
  private static final List<String> SCHEMAS = List.of("shop_heavy", "shop_light");
  private static PrivateMariaDb db;

  @TempDir
  Path storage;

  @BeforeAll
  static void start() throws Exception {
    db = PrivateMariaDb.start();
    try (Connection c = db.root(null); Statement st = c.createStatement()) {
      for (String schema : SCHEMAS) {
        String user = schema.replace("shop_", "") + "_app";
        st.execute("CREATE DATABASE " + schema);
        st.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'pw'");
        st.execute("GRANT ALL ON " + schema + ".* TO '" + user + "'@'%'");
      }
      st.execute("CREATE USER 'cf_telemetry'@'%' IDENTIFIED BY 'pw'");
    }
    load("shop_heavy", "heavy_app", 50_000);
    load("shop_light", "light_app", 10_000);
  }

  @AfterAll
  static void stop() throws Exception {
    if (db != null) {
      db.close();
    }
  }

  private static void load(String schema, String user, int rows) throws Exception {
    try (Connection c = db.connect(schema, user, "pw"); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE t (id INT PRIMARY KEY, payload VARCHAR(255)) ENGINE=InnoDB");
      st.execute("INSERT INTO t SELECT seq, REPEAT(MD5(seq), 6) FROM seq_1_to_" + rows);
      st.execute("ANALYZE TABLE t");
    }
  }

  private static void workload(String schema, String user, int rows, int queries) throws Exception {
    SplittableRandom random = new SplittableRandom(queries);
    try (Connection c = db.connect(schema, user, "pw");
         PreparedStatement ps = c.prepareStatement("SELECT SUM(LENGTH(payload)) FROM t WHERE id BETWEEN ? AND ?")) {
      for (int i = 0; i < queries; i++) {
        int from = random.nextInt(1, rows - 20);
        ps.setInt(1, from);
        ps.setInt(2, from + 20);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
        }
      }
    }
  }

  private record Truth(long calls, BigInteger picos) {
    Truth plus(Truth o) {
      return new Truth(calls + o.calls, picos.add(o.picos));
    }

    Truth minus(Truth o) {
      return new Truth(calls - o.calls, picos.subtract(o.picos));
    }
  }

  /** The digest table's own totals per tenant schema, and the count of the workload statement. */
  private static Map<String, Truth> truth(String digestTextLike) throws Exception {
    Map<String, Truth> out = new HashMap<>();
    SCHEMAS.forEach(s -> out.put(s, new Truth(0, BigInteger.ZERO)));
    try (Connection c = db.root(null); PreparedStatement st = c.prepareStatement(
        "SELECT SCHEMA_NAME, SUM(COUNT_STAR), CAST(SUM(SUM_TIMER_WAIT) AS CHAR) "
            + "FROM performance_schema.events_statements_summary_by_digest WHERE DIGEST_TEXT LIKE ? GROUP BY 1")) {
      st.setString(1, digestTextLike);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          if (out.containsKey(rs.getString(1))) {
            out.put(rs.getString(1), new Truth(rs.getLong(2), new BigInteger(rs.getString(3))));
          }
        }
      }
    }
    return out;
  }

  private DbEndpoint endpoint(ComputeDimension computeBy, List<DbTenant> tenants) {
    return new DbEndpoint("shop-mariadb", Provider.AWS, RESOURCE, db.jdbcUrl(null), "cf_telemetry", "pw", null,
        computeBy, tenants);
  }

  @Test
  void aSkewedWorkloadIsAllocatedByMeasuredSharesAcrossADigestTruncation() throws Exception {
    DbEndpoint bySchema = endpoint(null, List.of(DbTenant.of("cc-heavy", "shop_heavy", null, null),
        DbTenant.of("cc-light", "shop_light", null, null)));
    DbTelemetryConfig config = DbTelemetryConfig.of(List.of(bySchema));
    SteppingClock clock = new SteppingClock(Instant.parse("2026-11-10T10:00:00Z"));
    TelemetryStore store = new TelemetryStore(storage);
    DbTelemetrySource source = new DbTelemetrySource(config, store, new InMemoryCoordination(), "it", clock);

    Throwable denied = catchThrowable(() -> source.sampleNow(bySchema));
    assertThat(denied).isInstanceOf(TelemetrySetupException.MissingPrivilege.class)
        .hasMessageContaining("GRANT SELECT ON performance_schema.* TO 'cf_telemetry'@'%'");
    assertThat(ErrorClassifier.typedOnly().classify(denied)).isInstanceOf(Failure.Reject.class);
    try (Connection c = db.root(null); Statement st = c.createStatement()) {
      st.execute("GRANT SELECT ON performance_schema.* TO 'cf_telemetry'@'%'");
      st.execute("GRANT SHOW VIEW ON *.* TO 'cf_telemetry'@'%'");
    }

    Map<String, Truth> t0 = truth("%");
    source.sampleNow(bySchema);
    workload("shop_heavy", "heavy_app", 50_000, 300);
    workload("shop_light", "light_app", 10_000, 30);
    Map<String, Truth> t1 = truth("%");
    Map<String, Truth> w1 = truth("SELECT SUM%");
    clock.advance(Duration.ofMinutes(15));
    source.sampleNow(bySchema);
    Thread.sleep(1_100); // FIRST_SEEN has whole seconds: re-created digests must be seen as new
    try (Connection c = db.root(null); Statement st = c.createStatement()) {
      st.execute("TRUNCATE TABLE performance_schema.events_statements_summary_by_digest");
    }
    workload("shop_heavy", "heavy_app", 50_000, 200);
    workload("shop_light", "light_app", 10_000, 20);
    Map<String, Truth> t2 = truth("%");
    Map<String, Truth> w2 = truth("SELECT SUM%");
    clock.advance(Duration.ofMinutes(15));
    source.sampleNow(bySchema);

    assertThat(w1.get("shop_heavy").plus(w2.get("shop_heavy")).calls()).as("10x the queries")
        .isEqualTo(10 * w1.get("shop_light").plus(w2.get("shop_light")).calls()).isEqualTo(500);
    List<Path> files = store.files("shop-mariadb", YearMonth.of(2026, 11));
    assertThat(files).hasSize(3);
    for (String schema : SCHEMAS) {
      Truth expected = t1.get(schema).minus(t0.get(schema)).plus(t2.get(schema));
      Counters measured = Counters.ZERO;
      for (Path f : files) {
        for (UsageRow r : store.read(f).rows()) {
          if (r.scope() == Scope.STATEMENTS && schema.equals(r.schema())) {
            measured = measured.plus(r.delta());
          }
        }
      }
      assertThat(measured.calls()).as("calls in %s", schema).isEqualTo(expected.calls());
      double expectedMicros = expected.picos().doubleValue() / 1e6;
      assertThat((double) measured.execMicros()).as("exec µs in %s", schema)
          .isCloseTo(expectedMicros, within(Math.max(50, expectedMicros * 0.001)));
    }

    ResourceConsumption rc = new ConsumptionReader(store, config).read(bySchema, YearMonth.of(2026, 11));
    assertThat(rc.samples()).isEqualTo(2);
    Sample last = store.read(files.get(2));
    long heavyBytes = bytes(last, "shop_heavy");
    long lightBytes = bytes(last, "shop_light");
    assertThat((double) heavyBytes / lightBytes).as("5x the data").isBetween(4.0, 6.0);
    assertThat(rc.share(Component.STORAGE, "cc-heavy").doubleValue())
        .isCloseTo((double) heavyBytes / last.rows().stream().filter(r -> r.scope() == Scope.STORAGE)
            .mapToLong(UsageRow::bytes).sum(), within(0.01));
    assertThat(rc.measure(Component.COMPUTE).get("cc-heavy"))
        .isGreaterThan(rc.measure(Component.COMPUTE).get("cc-light"));
    assertThat(rc.measure(Component.COMPUTE)).containsKey(config.unattributedCostCenter());

    List<CostRecord> allocated = RdsLineItems.allocateAndCheck(rc,
        DbConsumptionRule.defaults("2026-11-v1", config.unattributedCostCenter()));
    assertThat(allocated).extracting(CostRecord::xCostCenter).contains("cc-heavy", "cc-light", "unattributed");

    // the same samples weighed per user instead of per schema
    DbEndpoint byUser = endpoint(ComputeDimension.USER, List.of(DbTenant.of("cc-heavy", "shop_heavy", null,
        "heavy_app"), DbTenant.of("cc-light", "shop_light", null, "light_app")));
    ResourceConsumption perUser = new ConsumptionReader(store, DbTelemetryConfig.of(List.of(byUser)))
        .read(byUser, YearMonth.of(2026, 11));
    assertThat(perUser.measure(Component.COMPUTE).get("cc-heavy"))
        .isGreaterThan(perUser.measure(Component.COMPUTE).get("cc-light"));
    assertThat(perUser.share(Component.STORAGE, "cc-heavy")).isEqualTo(rc.share(Component.STORAGE, "cc-heavy"));
  }

  private static long bytes(Sample s, String schema) {
    return s.rows().stream().filter(r -> r.scope() == Scope.STORAGE && schema.equals(r.schema()))
        .mapToLong(UsageRow::bytes).sum();
  }
}
