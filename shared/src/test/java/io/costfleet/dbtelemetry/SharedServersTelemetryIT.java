package io.costfleet.dbtelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.costfleet.job.Provider;
import io.costfleet.source.BadCredentialsException;
import io.costfleet.source.ErrorClassifier;
import io.costfleet.source.Failure;
import io.costfleet.source.UnavailableException;
import io.costfleet.state.InMemoryCoordination;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The machine's shared PostgreSQL (127.0.0.1:5432) and MariaDB (127.0.0.1:3306), as they run:
 * without {@code pg_stat_statements} preloaded and with {@code performance_schema} off. Sampling
 * them fails at once with a permanent error that names what to configure; nothing is written.
 * Every object is private ({@code cftest_<random>}) and dropped afterwards.
 */
class SharedServersTelemetryIT {
  private static final String PG = System.getProperty("costfleet.pg.url", "jdbc:postgresql://127.0.0.1:5432/");
  private static final String MARIADB = System.getProperty("costfleet.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/");
  private final String name = "cftest_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

  @TempDir
  Path storage;

  private Throwable sample(DbEndpoint endpoint) {
    DbTelemetrySource source = new DbTelemetrySource(DbTelemetryConfig.of(List.of(endpoint)),
        new TelemetryStore(storage), new InMemoryCoordination(), "it", Clock.systemUTC());
    return catchThrowable(() -> source.sampleNow(endpoint));
  }

  @Test
  void postgresWithoutPreloadedPgStatStatementsNamesSharedPreloadLibraries() throws Exception {
    try (Connection c = DriverManager.getConnection(PG + "postgres", "postgres", ""); Statement st = c.createStatement()) {
      st.execute("CREATE ROLE " + name + " LOGIN");
      st.execute("CREATE DATABASE " + name);
    }
    try {
      DbEndpoint endpoint = new DbEndpoint("shared-pg", Provider.AWS, "arn:aws:rds:us-east-1:1:db:x", PG + name, name,
          null, List.of(name), null, List.of());
      Throwable noGrant = sample(endpoint);
      assertThat(noGrant).isInstanceOf(TelemetrySetupException.MissingPrivilege.class)
          .hasMessageContaining("GRANT pg_read_all_stats TO " + name);

      try (Connection c = DriverManager.getConnection(PG + "postgres", "postgres", "");
           Statement st = c.createStatement()) {
        st.execute("GRANT pg_read_all_stats TO " + name);
      }
      assertThat(sample(endpoint)).isInstanceOf(TelemetrySetupException.MissingExtension.class)
          .hasMessageContaining("CREATE EXTENSION pg_stat_statements in database " + name);

      try (Connection c = DriverManager.getConnection(PG + name, "postgres", ""); Statement st = c.createStatement()) {
        st.execute("CREATE EXTENSION pg_stat_statements");
      }
      Throwable notLoaded = sample(endpoint);
      assertThat(notLoaded).isInstanceOf(TelemetrySetupException.MissingExtension.class)
          .hasMessageContaining("shared_preload_libraries");
      assertThat(((TelemetrySetupException) notLoaded).remedy()).contains("add pg_stat_statements to "
          + "shared_preload_libraries");
      assertThat(ErrorClassifier.typedOnly().classify(notLoaded)).isInstanceOf(Failure.Reject.class);
      assertThat(new TelemetryStore(storage).latest("shared-pg")).isEmpty();

      DbEndpoint wrongUser = new DbEndpoint("shared-pg", Provider.AWS, "arn:aws:rds:us-east-1:1:db:x",
          PG + name, name + "_nobody", null, null, null, List.of());
      assertThat(sample(wrongUser)).isInstanceOf(BadCredentialsException.class);
    } finally {
      try (Connection c = DriverManager.getConnection(PG + "postgres", "postgres", "");
           Statement st = c.createStatement()) {
        st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        st.execute("DROP ROLE IF EXISTS " + name);
      }
    }
  }

  @Test
  void mariadbWithPerformanceSchemaOffNamesTheSetting() throws Exception {
    try (Connection c = DriverManager.getConnection(MARIADB, "root", ""); Statement st = c.createStatement()) {
      st.execute("CREATE USER '" + name + "'@'%' IDENTIFIED BY 'pw'");
    }
    try {
      DbEndpoint endpoint = new DbEndpoint("shared-mariadb", Provider.AWS, "arn:aws:rds:us-east-1:1:db:y", MARIADB,
          name, "pw", null, null, List.of());
      Throwable off = sample(endpoint);
      assertThat(off).isInstanceOf(TelemetrySetupException.MissingExtension.class)
          .hasMessageContaining("performance_schema is OFF").hasMessageContaining("performance_schema=ON");
      assertThat(ErrorClassifier.typedOnly().classify(off)).isInstanceOf(Failure.Reject.class);

      DbEndpoint nowhere = new DbEndpoint("gone", Provider.AWS, "arn:aws:rds:us-east-1:1:db:z",
          "jdbc:mariadb://127.0.0.1:1/", name, "pw", null, null, List.of());
      Throwable down = sample(nowhere);
      assertThat(down).isInstanceOf(UnavailableException.class);
      assertThat(ErrorClassifier.typedOnly().classify(down)).isInstanceOf(Failure.Retry.class);
    } finally {
      try (Connection c = DriverManager.getConnection(MARIADB, "root", ""); Statement st = c.createStatement()) {
        st.execute("DROP USER IF EXISTS '" + name + "'@'%'");
      }
    }
  }
}
