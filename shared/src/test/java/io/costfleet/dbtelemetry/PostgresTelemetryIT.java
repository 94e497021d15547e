package io.costfleet.dbtelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Provider;
import io.costfleet.job.WireCodec;
import io.costfleet.model.CostRecord;
import io.costfleet.ratelimit.InMemoryRateLimiter;
import io.costfleet.ratelimit.RateLimitConfig;
import io.costfleet.resilience.InMemoryCircuitBreaker;
import io.costfleet.runner.ExtractionRunner;
import io.costfleet.runner.RunOutcome;
import io.costfleet.runner.RunnerCoordination;
import io.costfleet.runner.RunnerSettings;
import io.costfleet.runner.StopSignal;
import io.costfleet.source.ErrorClassifier;
import io.costfleet.source.Failure;
import io.costfleet.staging.PartitionKey;
import io.costfleet.staging.StagingLayout;
import io.costfleet.state.InMemoryCoordination;
import io.costfleet.validation.RecordValidator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
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
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance against a real PostgreSQL with pg_stat_statements preloaded ({@link PrivatePostgres}):
 * two tenant databases and a tenant schema in a shared database, one tenant with 10× the queries
 * and 5× the data of another, three samples through the runner with a
 * {@code pg_stat_statements_reset()} between the second and third, and the allocation of a
 * simulated RDS bill.
 */
class PostgresTelemetryIT {
  private static final String RESOURCE = "arn:aws:rds:us-east-1:123456789012:db:orders-pg";
  private static final List<String> TENANT_ROLES = List.of("heavy_app", "light_app", "gamma_app");
  private static PrivatePostgres pg;

  @TempDir
  Path storage;

  @BeforeAll
  static void start() throws Exception {
    pg = PrivatePostgres.start("shared_buffers=1MB", "pg_stat_statements.track_utility=off",
        "pg_stat_statements.track=top", "autovacuum=off");
    try (Connection c = pg.superuser("postgres"); Statement st = c.createStatement()) {
      st.execute("CREATE EXTENSION pg_stat_statements");
      st.execute("CREATE ROLE cf_telemetry LOGIN");
      for (String role : TENANT_ROLES) {
        st.execute("CREATE ROLE " + role + " LOGIN");
      }
      st.execute("CREATE DATABASE tenant_heavy OWNER heavy_app");
      st.execute("CREATE DATABASE tenant_light OWNER light_app");
      st.execute("CREATE DATABASE shared_app");
    }
    try (Connection c = pg.superuser("shared_app"); Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA gamma AUTHORIZATION gamma_app");
    }
    load("tenant_heavy", "heavy_app", "public", 50_000);
    load("tenant_light", "light_app", "public", 10_000);
    load("shared_app", "gamma_app", "gamma", 4_000);
  }

  @AfterAll
  static void stop() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  private static void load(String database, String role, String schema, int rows) throws Exception {
    try (Connection c = pg.connect(database, role); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE " + schema + ".t (id int PRIMARY KEY, payload text)");
      st.execute("INSERT INTO " + schema + ".t SELECT g, repeat(md5(g::text), 6) FROM generate_series(1, " + rows + ") g");
      st.execute("VACUUM ANALYZE " + schema + ".t");
    }
  }

  /** {@code queries} range reads of 20 rows, as the tenant's role. */
  private static void workload(String database, String role, String schema, int rows, int queries) throws Exception {
    SplittableRandom random = new SplittableRandom(queries);
    try (Connection c = pg.connect(database, role);
         PreparedStatement ps = c.prepareStatement("SELECT sum(length(payload)) FROM " + schema
             + ".t WHERE id BETWEEN ? AND ?")) {
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

  private static void workloadRound(int scale) throws Exception {
    workload("tenant_heavy", "heavy_app", "public", 50_000, 10 * scale);
    workload("tenant_light", "light_app", "public", 10_000, scale);
    workload("shared_app", "gamma_app", "gamma", 4_000, scale / 2);
  }

  /** What pg_stat_statements itself says per tenant role right now: calls, exec µs, blocks. */
  private record Truth(long calls, double execMicros, long blocks) {
    Truth plus(Truth o) {
      return new Truth(calls + o.calls, execMicros + o.execMicros, blocks + o.blocks);
    }

    Truth minus(Truth o) {
      return new Truth(calls - o.calls, execMicros - o.execMicros, blocks - o.blocks);
    }
  }

  private static Map<String, Truth> truth() throws Exception {
    Map<String, Truth> out = new HashMap<>();
    TENANT_ROLES.forEach(r -> out.put(r, new Truth(0, 0, 0)));
    try (Connection c = pg.superuser("postgres"); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT r.rolname, sum(s.calls), sum(s.total_exec_time) * 1000, "
             + "sum(s.shared_blks_read + s.local_blks_read + s.shared_blks_written + s.local_blks_written "
             + "+ s.temp_blks_read + s.temp_blks_written) FROM pg_stat_statements s "
             + "JOIN pg_roles r ON r.oid = s.userid WHERE s.toplevel GROUP BY 1")) {
      while (rs.next()) {
        if (out.containsKey(rs.getString(1))) {
          out.put(rs.getString(1), new Truth(rs.getLong(2), rs.getDouble(3), rs.getLong(4)));
        }
      }
    }
    return out;
  }

  private DbEndpoint endpoint(String user) {
    return new DbEndpoint("orders-pg", Provider.AWS, RESOURCE, pg.jdbcUrl("postgres"), user, null,
        List.of("tenant_*", "shared_app"), null, List.of(
            new DbTenant("heavy", "cc-heavy", "tenant_heavy", null, null, 100_000_000L, Duration.ofHours(1)),
            new DbTenant("light", "cc-light", "tenant_light", null, null, 1_000L, null),
            new DbTenant("gamma", "cc-gamma", "shared_app", "gamma", "gamma_app", null, null)));
  }

  @Test
  void aSkewedWorkloadIsAllocatedByMeasuredSharesAcrossAStatisticsReset() throws Exception {
    try (Connection c = pg.superuser("postgres"); Statement st = c.createStatement()) {
      st.execute("GRANT pg_read_all_stats TO cf_telemetry");
    }
    DbEndpoint endpoint = endpoint("cf_telemetry");
    DbTelemetryConfig config = DbTelemetryConfig.of(List.of(endpoint));
    SteppingClock clock = new SteppingClock(Instant.parse("2026-11-10T10:00:00Z"));
    InMemoryCoordination coordination = new InMemoryCoordination();
    TelemetryStore store = new TelemetryStore(storage);
    DbTelemetrySource source = new DbTelemetrySource(config, store, coordination, "it", clock);
    StagingLayout layout = new StagingLayout(storage);
    try (ExtractionRunner runner = new ExtractionRunner(new RunnerCoordination(coordination, coordination,
        new InMemoryRateLimiter(new RateLimitConfig(100, 100)), InMemoryCircuitBreaker.ofDefaults()), layout,
        new RecordValidator(), new SimpleMeterRegistry(), RunnerSettings.defaults("it"), clock)) {

      Map<String, Truth> t0 = truth();
      ExtractionJob first = sample(runner, source, endpoint, clock.instant());
      workloadRound(30);
      Map<String, Truth> t1 = truth();
      clock.advance(Duration.ofMinutes(15));
      sample(runner, source, endpoint, clock.instant());
      try (Connection c = pg.superuser("postgres"); Statement st = c.createStatement()) {
        st.execute("SELECT pg_stat_statements_reset()");
      }
      workloadRound(30);
      Map<String, Truth> t2 = truth();
      clock.advance(Duration.ofMinutes(15));
      sample(runner, source, endpoint, clock.instant());

      // the runner archived the first sample's summary as its raw page and wrote the job's manifest
      Path raw = layout.rawPage(PartitionKey.of(first), first.jobId(), 1, "json");
      JsonNode summary;
      try (InputStream in = new GZIPInputStream(Files.newInputStream(raw))) {
        summary = WireCodec.newMapper().readTree(in);
      }
      assertThat(summary.get("endpoint").asText()).isEqualTo("orders-pg");
      assertThat(summary.get("previousSampledAt").isNull()).as("the first sample is a baseline").isTrue();
      assertThat(layout.jobManifest(PartitionKey.of(first), first.jobId())).exists();

      // deltas per tenant role equal what PostgreSQL counted, across the reset
      List<Path> files = store.files("orders-pg", YearMonth.of(2026, 11));
      assertThat(files).hasSize(3);
      Sample afterReset = store.read(files.get(2));
      assertThat(afterReset.reset()).isTrue();
      assertThat(store.read(files.get(1)).reset()).isFalse();
      for (String role : TENANT_ROLES) {
        Truth expected = t1.get(role).minus(t0.get(role)).plus(t2.get(role));
        Counters measured = Counters.ZERO;
        for (Path f : files) {
          for (UsageRow r : store.read(f).rows()) {
            if (r.scope() == Scope.STATEMENTS && role.equals(r.role())) {
              measured = measured.plus(r.delta());
            }
          }
        }
        assertThat(measured.calls()).as("calls of %s", role).isEqualTo(expected.calls());
        assertThat(measured.ioBlocks()).as("blocks of %s", role).isEqualTo(expected.blocks());
        assertThat((double) measured.execMicros()).as("exec µs of %s", role)
            .isCloseTo(expected.execMicros(), within(Math.max(50, expected.execMicros() * 0.001)));
      }
      long heavyCalls = t1.get("heavy_app").minus(t0.get("heavy_app")).plus(t2.get("heavy_app")).calls();
      long lightCalls = t1.get("light_app").minus(t0.get("light_app")).plus(t2.get("light_app")).calls();
      assertThat(heavyCalls).as("10x the queries").isEqualTo(10 * lightCalls).isEqualTo(600);

      ResourceConsumption rc = new ConsumptionReader(store, config).read(endpoint, YearMonth.of(2026, 11));
      assertThat(rc.samples()).isEqualTo(2);
      assertThat(rc.resets()).isEqualTo(1);
      // storage follows the sizes PostgreSQL reports (constant over the 30 minutes: no writes after the load)
      Map<String, Long> sizes = databaseSizes();
      long all = sizes.values().stream().mapToLong(Long::longValue).sum();
      assertThat(rc.share(Component.STORAGE, "cc-heavy").doubleValue())
          .isCloseTo((double) sizes.get("tenant_heavy") / all, within(0.01));
      assertThat(rc.share(Component.STORAGE, "cc-light").doubleValue())
          .isCloseTo((double) sizes.get("tenant_light") / all, within(0.01));
      long heavyTable = publicBytes(afterReset, "tenant_heavy", "public");
      long lightTable = publicBytes(afterReset, "tenant_light", "public");
      assertThat((double) heavyTable / lightTable).as("5x the data").isBetween(4.5, 5.5);
      assertThat(publicBytes(afterReset, "shared_app", "gamma")).isPositive();
      assertThat(rc.measure(Component.STORAGE)).containsKeys("cc-gamma", config.unattributedCostCenter());
      // compute and I/O of each cost center are its roles' measured deltas
      assertThat(rc.total(Component.COMPUTE)).isPositive();
      assertThat(rc.measure(Component.COMPUTE).get("cc-heavy"))
          .isGreaterThan(rc.measure(Component.COMPUTE).get("cc-light"));
      assertThat(rc.measure(Component.COMPUTE)).containsKey(config.unattributedCostCenter());

      List<CostRecord> allocated = RdsLineItems.allocateAndCheck(rc,
          DbConsumptionRule.defaults("2026-11-v1", config.unattributedCostCenter()));
      assertThat(allocated).extracting(CostRecord::xCostCenter)
          .contains("cc-heavy", "cc-light", "cc-gamma", "unattributed");
      assertThat(allocated).extracting(CostRecord::xAllocationRule)
          .contains("db-consumption/compute", "db-consumption/storage", "db-consumption/io",
              "db-consumption/blended");

      // quota: the heavy tenant is over neither quota; the light one is over its 1 kB storage quota
      DbQuota quota = new DbQuota(store, config, clock);
      DbQuotaStatus heavy = quota.check("heavy", 0, BigDecimal.ZERO).orElseThrow();
      assertThat(heavy.degraded()).isFalse();
      assertThat(heavy.storage().used().doubleValue()).isCloseTo(sizes.get("tenant_heavy"), within(sizes.get("tenant_heavy") * 0.01));
      assertThat(heavy.compute().used()).isPositive();
      assertThat(heavy.allowed()).isTrue();
      DbQuotaStatus light = quota.check("light", 0, BigDecimal.ZERO).orElseThrow();
      assertThat(light.storage().allowed()).isFalse();
      assertThat(light.allowed()).isFalse();
      clock.advance(Duration.ofHours(2));
      DbQuotaStatus stale = quota.check("heavy", 0, BigDecimal.ZERO).orElseThrow();
      assertThat(stale.degraded()).isTrue();
      assertThat(stale.staleness()).isEqualTo(Duration.ofHours(2));
      assertThat(stale.storage().effectiveLimit()).isEqualByComparingTo("90000000");
      assertThat(quota.check("nobody", 0, BigDecimal.ZERO)).isEmpty();
    }
  }

  @Test
  void aRoleWithoutPgReadAllStatsOrADatabaseWithoutTheExtensionIsAPermanentErrorNamingTheFix() throws Exception {
    try (Connection c = pg.superuser("postgres"); Statement st = c.createStatement()) {
      st.execute("CREATE ROLE cf_unprivileged LOGIN");
      st.execute("CREATE DATABASE no_extension");
    }
    try {
      SteppingClock clock = new SteppingClock(Instant.parse("2026-11-10T10:00:00Z"));
      DbEndpoint unprivileged = endpoint("cf_unprivileged");
      DbTelemetrySource source = new DbTelemetrySource(DbTelemetryConfig.of(List.of(unprivileged)),
          new TelemetryStore(storage), new InMemoryCoordination(), "it", clock);
      assertThatThrownBy(() -> source.sampleNow(unprivileged))
          .isInstanceOf(TelemetrySetupException.MissingPrivilege.class)
          .hasMessageContaining("GRANT pg_read_all_stats TO cf_unprivileged");

      DbEndpoint noExtension = new DbEndpoint("orders-pg", Provider.AWS, RESOURCE, pg.jdbcUrl("no_extension"),
          "postgres", null, null, null, List.of());
      DbTelemetrySource source2 = new DbTelemetrySource(DbTelemetryConfig.of(List.of(noExtension)),
          new TelemetryStore(storage), new InMemoryCoordination(), "it", clock);
      Throwable missing = org.assertj.core.api.Assertions.catchThrowable(() -> source2.sampleNow(noExtension));
      assertThat(missing).isInstanceOf(TelemetrySetupException.MissingExtension.class)
          .hasMessageContaining("CREATE EXTENSION pg_stat_statements in database no_extension");
      assertThat(ErrorClassifier.typedOnly().classify(missing)).isInstanceOf(Failure.Reject.class);
      assertThat(new TelemetryStore(storage).latest("orders-pg")).as("no sample written").isEmpty();
    } finally {
      try (Connection c = pg.superuser("postgres"); Statement st = c.createStatement()) {
        st.execute("DROP DATABASE no_extension");
        st.execute("DROP ROLE cf_unprivileged");
      }
    }
  }

  private static ExtractionJob sample(ExtractionRunner runner, DbTelemetrySource source, DbEndpoint endpoint,
      Instant slot) {
    ExtractionJob job = DbTelemetryJobs.sampleJob(endpoint, slot, 5, slot);
    RunOutcome outcome = runner.run(job, source, ErrorClassifier.typedOnly(), StopSignal.never());
    assertThat(outcome).isInstanceOf(RunOutcome.Completed.class);
    return job;
  }

  private static Map<String, Long> databaseSizes() throws Exception {
    Map<String, Long> out = new HashMap<>();
    try (Connection c = pg.superuser("postgres"); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT datname, pg_database_size(oid) FROM pg_database "
             + "WHERE NOT datistemplate AND datallowconn")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2));
      }
    }
    return out;
  }

  private static long publicBytes(Sample s, String database, String schema) {
    return s.rows().stream().filter(r -> r.scope() == Scope.STORAGE && database.equals(r.database())
        && schema.equals(r.schema())).mapToLong(UsageRow::bytes).sum();
  }
}
