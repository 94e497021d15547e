package io.costfleet.dbtelemetry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A private PostgreSQL cluster of this machine's PostgreSQL binaries, on 127.0.0.1 and a free port,
 * in a temporary directory, with {@code pg_stat_statements} preloaded. The machine's shared
 * server (5432) does not preload it, and restarting it would disturb other test runs; this
 * cluster belongs to one test class and is removed afterwards. Binaries: the highest
 * {@code /usr/lib/postgresql/N/bin}, or {@code -Dcostfleet.pg.bindir}.
 */
public final class PrivatePostgres implements AutoCloseable {
  private final Path dir;
  private final Path bin;
  private final int port;

  private PrivatePostgres(Path dir, Path bin, int port) {
    this.dir = dir;
    this.bin = bin;
    this.port = port;
  }

  /** Starts a cluster; {@code settings} are extra {@code name=value} server settings. */
  public static PrivatePostgres start(String... settings) throws IOException, InterruptedException {
    Path bin = binDir();
    Path dir = Files.createTempDirectory("cftest-pg-");
    if (LocalProcesses.isRoot()) {
      var users = dir.getFileSystem().getUserPrincipalLookupService();
      Files.setOwner(dir, users.lookupPrincipalByName("postgres"));
    }
    Path data = dir.resolve("data");
    Path log = Files.createTempFile("cftest-pg-", ".log");
    try {
      LocalProcesses.run(LocalProcesses.as("postgres", List.of(bin.resolve("initdb").toString(), "-D", data.toString(),
          "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync", "--no-locale")), log, 120);
      IOException last = null;
      for (int attempt = 0; attempt < 3; attempt++) {
        int port = LocalProcesses.freePort();
        List<String> options = new ArrayList<>(List.of("-p " + port, "-k " + dir, "-c listen_addresses=127.0.0.1",
            "-c shared_preload_libraries=pg_stat_statements", "-c fsync=off", "-c synchronous_commit=off",
            "-c full_page_writes=off", "-c max_connections=30"));
        for (String s : settings) {
          options.add("-c " + s);
        }
        try {
          LocalProcesses.run(LocalProcesses.as("postgres", List.of(bin.resolve("pg_ctl").toString(), "-D",
              data.toString(), "-o", String.join(" ", options), "-w", "-t", "60", "-l", dir.resolve("server.log").toString(),
              "start")), log, 90);
          return new PrivatePostgres(dir, bin, port);
        } catch (IOException e) {
          last = e;
        }
      }
      throw last;
    } catch (IOException | InterruptedException | RuntimeException e) {
      LocalProcesses.deleteTree(dir);
      throw e;
    } finally {
      Files.deleteIfExists(log);
    }
  }

  public int port() {
    return port;
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** A connection as the superuser {@code postgres}. */
  public Connection superuser(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), "postgres", "");
  }

  public Connection connect(String database, String user) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), user, "");
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      Path log = Files.createTempFile("cftest-pg-", ".log");
      try {
        LocalProcesses.run(LocalProcesses.as("postgres", List.of(bin.resolve("pg_ctl").toString(), "-D",
            dir.resolve("data").toString(), "-m", "immediate", "-w", "stop")), log, 60);
      } finally {
        Files.deleteIfExists(log);
      }
    } finally {
      LocalProcesses.deleteTree(dir);
    }
  }

  private static Path binDir() throws IOException {
    String configured = System.getProperty("costfleet.pg.bindir");
    if (configured != null) {
      return Path.of(configured);
    }
    Path base = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(base)) {
      throw new IOException("no PostgreSQL binaries under " + base + "; set -Dcostfleet.pg.bindir");
    }
    try (Stream<Path> s = Files.list(base)) {
      return s.filter(p -> Files.isExecutable(p.resolve("bin/initdb")))
          .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().replaceAll("\\D", "0"))))
          .map(p -> p.resolve("bin"))
          .orElseThrow(() -> new IOException("no initdb under " + base + "/*/bin; set -Dcostfleet.pg.bindir"));
    }
  }
}
