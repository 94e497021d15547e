package io.costfleet.degrade;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * A dispatcher's local copy of the last-good snapshots, in an embedded SQLite file, for when Redis is
 * out of reach too. One table, {@code lastgood(provider, account, period, as_of_ms, json)}; a put
 * keeps the newer snapshot (like Redis). The file is per replica (local disk, not the shared
 * storage): it holds what this replica built or last read from Redis. Thread-safe.
 *
 * <p>Needs the {@code org.xerial:sqlite-jdbc} driver at run time. A failure of the file itself
 * (disk full, corrupt) is an {@link UncheckedIOException}.
 */
public final class SqliteLastGoodStore implements LastGoodStore, AutoCloseable {
  private final Path file;
  private final Connection connection;

  private SqliteLastGoodStore(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
  }

  /** Opens (creating it and its directory if needed) the cache at {@code file}. */
  public static SqliteLastGoodStore open(Path file) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=NORMAL");
        s.execute("CREATE TABLE IF NOT EXISTS lastgood (provider TEXT NOT NULL, account TEXT NOT NULL, period TEXT NOT NULL,"
            + " as_of_ms INTEGER NOT NULL, json TEXT NOT NULL, PRIMARY KEY (provider, account, period))");
      }
      return new SqliteLastGoodStore(file, c);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the directory of the local last-good cache " + file, e);
    } catch (SQLException e) {
      throw new UncheckedIOException(new IOException("cannot open the local last-good cache " + file + ": "
          + e.getMessage(), e));
    }
  }

  public Path file() {
    return file;
  }

  @Override
  public synchronized void put(SpendSnapshot snapshot) {
    try (PreparedStatement p = connection.prepareStatement("INSERT INTO lastgood VALUES (?, ?, ?, ?, ?)"
        + " ON CONFLICT (provider, account, period) DO UPDATE SET as_of_ms = excluded.as_of_ms, json = excluded.json"
        + " WHERE excluded.as_of_ms >= lastgood.as_of_ms")) {
      p.setString(1, snapshot.provider().code());
      p.setString(2, snapshot.account());
      p.setString(3, snapshot.period().toString());
      p.setLong(4, snapshot.asOf().toEpochMilli());
      p.setString(5, SnapshotCodec.encode(snapshot));
      p.executeUpdate();
    } catch (SQLException e) {
      throw failure("write snapshot " + snapshot.key() + " " + snapshot.period(), e);
    }
  }

  @Override
  public synchronized List<SpendSnapshot> period(YearMonth period) {
    List<SpendSnapshot> out = new ArrayList<>();
    try (PreparedStatement p = connection.prepareStatement("SELECT json FROM lastgood WHERE period = ?")) {
      p.setString(1, period.toString());
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(SnapshotCodec.decode(rs.getString(1)));
        }
      }
    } catch (SQLException e) {
      throw failure("read snapshots of " + period, e);
    }
    return out;
  }

  private UncheckedIOException failure(String what, SQLException e) {
    return new UncheckedIOException(new IOException("local last-good cache " + file + ": cannot " + what + ": "
        + e.getMessage(), e));
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw failure("close", e);
    }
  }
}
