package io.costfleet.dbtelemetry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private MariaDB server of this machine's binaries ({@code mariadb-install-db},
 * {@code mariadbd}), on 127.0.0.1 and a free port, in a temporary directory, with
 * {@code performance_schema=ON}. The machine's shared server (3306) runs with it OFF, and it can
 * only be turned on at start-up; this server belongs to one test class and is removed afterwards.
 */
public final class PrivateMariaDb implements AutoCloseable {
  private static final List<String> FAST = List.of("--innodb-log-file-size=4M", "--innodb-flush-method=nosync",
      "--innodb-doublewrite=0", "--skip-name-resolve");

  private final Path dir;
  private final Process process;
  private final int port;

  private PrivateMariaDb(Path dir, Process process, int port) {
    this.dir = dir;
    this.process = process;
    this.port = port;
  }

  public static PrivateMariaDb start() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("cftest-mariadb-");
    Path data = dir.resolve("data");
    try {
      List<String> install = new ArrayList<>(List.of("mariadb-install-db", "--no-defaults", "--datadir=" + data,
          "--auth-root-authentication-method=normal", "--skip-test-db"));
      if (LocalProcesses.isRoot()) {
        install.add("--user=root");
      }
      install.addAll(FAST);
      LocalProcesses.run(install, dir.resolve("install.log"), 180);
      for (int attempt = 0; attempt < 3; attempt++) {
        int port = LocalProcesses.freePort();
        List<String> server = new ArrayList<>(List.of("mariadbd", "--no-defaults", "--datadir=" + data,
            "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + dir.resolve("mysqld.sock"),
            "--pid-file=" + dir.resolve("mysqld.pid"), "--log-error=" + dir.resolve("error.log"),
            "--performance-schema=ON", "--innodb-buffer-pool-size=16M", "--skip-log-bin", "--max-connections=40"));
        if (LocalProcesses.isRoot()) {
          server.add("--user=root");
        }
        server.addAll(FAST);
        Process p = new ProcessBuilder(server).redirectErrorStream(true)
            .redirectOutput(dir.resolve("stdout.log").toFile()).start();
        PrivateMariaDb db = new PrivateMariaDb(dir, p, port);
        if (db.awaitReady(60_000)) {
          return db;
        }
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      throw new IOException("mariadbd did not start: " + Files.readString(dir.resolve("error.log")));
    } catch (IOException | InterruptedException | RuntimeException e) {
      LocalProcesses.deleteTree(dir);
      throw e;
    }
  }

  private boolean awaitReady(long millis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        return false;
      }
      try (Connection c = root(null)) {
        return true;
      } catch (SQLException e) {
        Thread.sleep(100);
      }
    }
    return false;
  }

  public int port() {
    return port;
  }

  public String jdbcUrl(String database) {
    return "jdbc:mariadb://127.0.0.1:" + port + "/" + (database == null ? "" : database);
  }

  public Connection root(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), "root", "");
  }

  public Connection connect(String database, String user, String password) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), user, password);
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } finally {
      LocalProcesses.deleteTree(dir);
    }
  }
}
