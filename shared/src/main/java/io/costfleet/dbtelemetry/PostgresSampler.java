package io.costfleet.dbtelemetry;

import io.costfleet.source.PermanentException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL (13+): {@code pg_stat_statements} (top-level statements, per database, role and
 * query), {@code pg_stat_database}, {@code pg_database_size}, and {@code pg_total_relation_size}
 * summed per schema in every database the endpoint's {@code databases} globs name.
 *
 * <p>Needs, for the telemetry role: {@code pg_read_all_stats} (to see every role's statements and
 * every database's size) and, on the server, {@code pg_stat_statements} in
 * {@code shared_preload_libraries} and {@code CREATE EXTENSION pg_stat_statements} in the database
 * of the endpoint's JDBC URL. Each missing piece is a {@link TelemetrySetupException} naming it.
 */
final class PostgresSampler implements EngineSampler {
  private static final int TEMP_BLOCK = 8192;

  @Override
  public Reading read(DbEndpoint endpoint, JdbcConnector connector, Instant sampledAt) {
    String grant = "GRANT pg_read_all_stats TO " + roleName(endpoint);
    try (Connection c = connect(connector, endpoint, grant)) {
      Instant started;
      int version;
      boolean privileged;
      String database;
      try (Statement st = statement(c, connector);
           ResultSet rs = st.executeQuery("SELECT pg_postmaster_start_time(), current_setting('server_version_num')::int, "
               + "pg_has_role(current_user, 'pg_read_all_stats', 'USAGE'), current_database(), current_user")) {
        rs.next();
        started = rs.getObject(1, OffsetDateTime.class).toInstant();
        version = rs.getInt(2);
        privileged = rs.getBoolean(3);
        database = rs.getString(4);
        grant = "GRANT pg_read_all_stats TO " + rs.getString(5);
      } catch (SQLException e) {
        throw DbErrors.translate(e, endpoint, "reading the server start time", grant);
      }
      if (version < 130000) {
        throw new PermanentException("db-telemetry endpoint " + endpoint.name() + ": PostgreSQL " + version
            + " is not supported (13 or later)");
      }
      if (!privileged) {
        throw new TelemetrySetupException.MissingPrivilege(endpoint.name(), "the telemetry role cannot read other roles' "
            + "statement statistics and database sizes", grant, null);
      }
      requireExtension(c, connector, endpoint, database, grant);
      List<UsageRow> rows = new ArrayList<>(statements(c, connector, endpoint, version, grant));
      String epoch = version >= 140000 ? statsEpoch(c, connector, endpoint, grant) : null;
      Map<String, Long> sizes = new LinkedHashMap<>();
      rows.addAll(databases(c, connector, endpoint, version, grant, sizes));
      rows.addAll(storage(connector, endpoint, sizes, grant));
      return new Reading(endpoint.name(), DbEngine.POSTGRESQL, sampledAt, started, epoch, rows);
    } catch (SQLException e) {
      throw DbErrors.translate(e, endpoint, "closing the connection", grant);
    }
  }

  private static Connection connect(JdbcConnector connector, DbEndpoint endpoint, String grant) {
    try {
      return connector.open(endpoint);
    } catch (SQLException e) {
      throw DbErrors.translate(e, endpoint, "connecting", grant);
    }
  }

  private static void requireExtension(Connection c, JdbcConnector connector, DbEndpoint endpoint, String database,
      String grant) {
    try (Statement st = statement(c, connector);
         ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'")) {
      rs.next();
      if (rs.getLong(1) == 0) {
        throw new TelemetrySetupException.MissingExtension(endpoint.name(), "the pg_stat_statements extension is not "
            + "installed in database " + database, "CREATE EXTENSION pg_stat_statements in database " + database
            + " (as a superuser or rds_superuser), with pg_stat_statements in shared_preload_libraries", null);
      }
    } catch (SQLException e) {
      throw DbErrors.translate(e, endpoint, "looking for pg_stat_statements", grant);
    }
  }

  private static List<UsageRow> statements(Connection c, JdbcConnector connector, DbEndpoint endpoint, int version,
      String grant) {
    String sql = "SELECT s.dbid, s.userid, s.queryid, d.datname, r.rolname, s.calls, s.total_exec_time, "
        + "s.shared_blks_read + s.local_blks_read, s.shared_blks_written + s.local_blks_written, "
        + "s.temp_blks_read + s.temp_blks_written FROM pg_stat_statements s "
        + "LEFT JOIN pg_database d ON d.oid = s.dbid LEFT JOIN pg_roles r ON r.oid = s.userid"
        + (version >= 140000 ? " WHERE s.toplevel" : "");
    Map<String, UsageRow> byKey = new LinkedHashMap<>();
    try (Statement st = statement(c, connector); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        String key = rs.getLong(1) + ":" + rs.getLong(2) + ":" + rs.getString(3);
        Counters counters = new Counters(rs.getLong(6), Math.round(rs.getDouble(7) * 1000), rs.getLong(8), rs.getLong(9),
            rs.getLong(10));
        UsageRow row = UsageRow.counters(Scope.STATEMENTS, key, rs.getString(4), null, rs.getString(5), null, counters);
        byKey.merge(key, row, (a, b) -> UsageRow.counters(Scope.STATEMENTS, key, a.database(), null, a.role(), null,
            a.counters().plus(b.counters())));
      }
    } catch (SQLException e) {
      if ("55000".equals(e.getSQLState())) {
        throw new TelemetrySetupException.MissingExtension(endpoint.name(), "pg_stat_statements is installed but not "
            + "loaded (" + e.getMessage() + ")", "add pg_stat_statements to shared_preload_libraries (RDS/Aurora: "
            + "the DB parameter group; Cloud SQL: the cloudsql.enable_pg_stat_statements flag; Azure: the "
            + "shared_preload_libraries server parameter) and restart the server", e);
      }
      throw DbErrors.translate(e, endpoint, "reading pg_stat_statements", grant);
    }
    return List.copyOf(byKey.values());
  }

  private static String statsEpoch(Connection c, JdbcConnector connector, DbEndpoint endpoint, String grant) {
    try (Statement st = statement(c, connector);
         ResultSet rs = st.executeQuery("SELECT stats_reset FROM pg_stat_statements_info")) {
      return rs.next() ? rs.getObject(1, OffsetDateTime.class).toInstant().toString() : null;
    } catch (SQLException e) {
      throw DbErrors.translate(e, endpoint, "reading pg_stat_statements_info", grant);
    }
  }

  private static List<UsageRow> databases(Connection c, JdbcConnector connector, DbEndpoint endpoint, int version,
      String grant, Map<String, Long> sizes) {
    String sql = "SELECT d.datname, pg_database_size(d.oid), coalesce(s.xact_commit + s.xact_rollback, 0), "
        + "coalesce(s.blks_read, 0), coalesce(s.temp_bytes, 0), s.stats_reset, "
        + (version >= 140000 ? "coalesce(s.active_time, 0)" : "0") + " FROM pg_database d "
        + "LEFT JOIN pg_stat_database s ON s.datid = d.oid WHERE NOT d.datistemplate AND d.datallowconn ORDER BY 1";
    List<UsageRow> rows = new ArrayList<>();
    try (Statement st = statement(c, connector); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        String name = rs.getString(1);
        sizes.put(name, rs.getLong(2));
        OffsetDateTime reset = rs.getObject(6, OffsetDateTime.class);
        Counters counters = new Counters(rs.getLong(3), Math.round(rs.getDouble(7) * 1000), rs.getLong(4), 0,
            rs.getLong(5) / TEMP_BLOCK);
        rows.add(UsageRow.counters(Scope.DATABASE, name, name, null, null,
            reset == null ? null : reset.toInstant().toString(), counters));
      }
    } catch (SQLException e) {
      throw DbErrors.translate(e, endpoint, "reading pg_stat_database and pg_database_size", grant);
    }
    return rows;
  }

  /** Per schema of each sampled database, plus what its schemas do not hold; whole size for the others. */
  private static List<UsageRow> storage(JdbcConnector connector, DbEndpoint endpoint, Map<String, Long> sizes,
      String grant) {
    List<PathMatcher> globs = endpoint.databases().stream()
        .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
    List<UsageRow> rows = new ArrayList<>();
    for (Map.Entry<String, Long> db : sizes.entrySet()) {
      String name = db.getKey();
      long size = db.getValue();
      boolean sampled = globs.stream().anyMatch(m -> matches(m, name));
      Map<String, Long> schemas = sampled ? schemaSizes(connector, endpoint, name, grant) : null;
      long inSchemas = 0;
      if (schemas != null) {
        for (Map.Entry<String, Long> s : schemas.entrySet()) {
          rows.add(UsageRow.storage(name, s.getKey(), s.getValue()));
          inSchemas += s.getValue();
        }
      }
      rows.add(UsageRow.storage(name, null, Math.max(0, size - inSchemas)));
    }
    return rows;
  }

  private static boolean matches(PathMatcher m, String name) {
    try {
      return m.matches(Path.of(name));
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Schema sizes of one database, or null when it went away between listing and connecting. */
  private static Map<String, Long> schemaSizes(JdbcConnector connector, DbEndpoint endpoint, String database,
      String grant) {
    String sql = "SELECT n.nspname, sum(pg_total_relation_size(c.oid))::bigint FROM pg_class c "
        + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'm') "
        + "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' "
        + "AND n.nspname NOT LIKE 'pg\\_temp\\_%' GROUP BY 1 ORDER BY 1";
    try (Connection c = connector.openDatabase(endpoint, database);
         PreparedStatement st = c.prepareStatement(sql)) {
      st.setQueryTimeout(connector.queryTimeoutSeconds());
      Map<String, Long> out = new LinkedHashMap<>();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getLong(2));
        }
      }
      return out;
    } catch (SQLException e) {
      if ("3D000".equals(e.getSQLState())) {
        return null; // dropped since it was listed: its size row already says what it held
      }
      throw DbErrors.translate(e, endpoint, "reading schema sizes in database " + database,
          "GRANT CONNECT ON DATABASE " + database + " TO " + roleName(endpoint));
    }
  }

  private static Statement statement(Connection c, JdbcConnector connector) throws SQLException {
    Statement st = c.createStatement();
    st.setQueryTimeout(connector.queryTimeoutSeconds());
    return st;
  }

  private static String roleName(DbEndpoint endpoint) {
    return endpoint.username() == null ? "<the telemetry role>" : endpoint.username();
  }
}
