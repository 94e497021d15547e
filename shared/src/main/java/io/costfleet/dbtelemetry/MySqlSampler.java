package io.costfleet.dbtelemetry;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MySQL 8 and MariaDB 10.5+: statement digests per schema
 * ({@code performance_schema.events_statements_summary_by_digest}), statement totals per user
 * ({@code events_statements_summary_by_user_by_event_name}), InnoDB data-file I/O per schema
 * ({@code file_summary_by_instance}, in pages) and table sizes per schema
 * ({@code information_schema.TABLES}: data + index length).
 *
 * <p>Needs {@code performance_schema=ON} on the server (a restart), the {@code statements_digest}
 * consumer enabled, and for the telemetry user {@code SELECT ON performance_schema.*} and
 * {@code SHOW VIEW ON *.*} (without a privilege on a table, {@code information_schema.TABLES} does
 * not show it; SHOW VIEW shows sizes without giving access to data).
 */
final class MySqlSampler implements EngineSampler {
  private static final String GRANT_PS = "GRANT SELECT ON performance_schema.* TO <the telemetry user>";

  @Override
  public Reading read(DbEndpoint endpoint, JdbcConnector connector, Instant sampledAt) {
    String grant = GRANT_PS.replace("<the telemetry user>", user(endpoint));
    try (Connection c = connector.open(endpoint)) {
      Instant started;
      long pageSize;
      String datadir;
      boolean enabled;
      try (Statement st = statement(c, connector);
           ResultSet rs = st.executeQuery("SELECT @@performance_schema, @@innodb_page_size, @@datadir, UTC_TIMESTAMP(6), "
               + "CURRENT_USER()")) {
        rs.next();
        enabled = rs.getBoolean(1);
        pageSize = rs.getLong(2);
        datadir = rs.getString(3);
        LocalDateTime now = rs.getObject(4, LocalDateTime.class);
        String user = rs.getString(5);
        grant = GRANT_PS.replace("<the telemetry user>", quoteAccount(user));
        started = now.toInstant(ZoneOffset.UTC).minusSeconds(uptime(c, connector));
      }
      if (!enabled) {
        throw new TelemetrySetupException.MissingExtension(endpoint.name(), "performance_schema is OFF",
            "set performance_schema=ON in the server configuration (RDS/Aurora: the DB parameter group; Cloud SQL: "
                + "the performance_schema flag; Azure: the performance_schema server parameter) and restart", null);
      }
      requireDigestConsumer(c, connector, endpoint, grant);
      List<UsageRow> rows = new ArrayList<>();
      rows.addAll(digests(c, connector, endpoint, grant));
      rows.addAll(users(c, connector, endpoint, grant));
      rows.addAll(fileIo(c, connector, endpoint, grant, datadir, pageSize));
      rows.addAll(sizes(c, connector, endpoint));
      return new Reading(endpoint.name(), endpoint.engine(), sampledAt, started, null, rows);
    } catch (SQLException e) {
      throw DbErrors.translate(e, endpoint, "reading performance_schema", grant);
    }
  }

  private static long uptime(Connection c, JdbcConnector connector) throws SQLException {
    try (Statement st = statement(c, connector); ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS LIKE 'Uptime'")) {
      if (!rs.next()) {
        throw new SQLException("SHOW GLOBAL STATUS has no Uptime", "HY000");
      }
      return Long.parseLong(rs.getString(2).strip());
    }
  }

  private static void requireDigestConsumer(Connection c, JdbcConnector connector, DbEndpoint endpoint, String grant) {
    try (Statement st = statement(c, connector);
         ResultSet rs = st.executeQuery("SELECT NAME FROM performance_schema.setup_consumers "
             + "WHERE NAME IN ('global_instrumentation', 'thread_instrumentation', 'statements_digest') "
             + "AND ENABLED <> 'YES'")) {
      List<String> off = new ArrayList<>();
      while (rs.next()) {
        off.add(rs.getString(1));
      }
      if (!off.isEmpty()) {
        throw new TelemetrySetupException.MissingExtension(endpoint.name(), "performance_schema consumers " + off
            + " are disabled", "UPDATE performance_schema.setup_consumers SET ENABLED = 'YES' WHERE NAME IN ('"
            + String.join("', '", off) + "') (and performance_schema_consumer_<name>=ON in the server configuration "
            + "so it survives a restart)", null);
      }
    } catch (SQLException e) {
      throw DbErrors.translate(e, endpoint, "reading performance_schema.setup_consumers", grant);
    }
  }

  private static List<UsageRow> digests(Connection c, JdbcConnector connector, DbEndpoint endpoint, String grant) {
    String sql = "SELECT SCHEMA_NAME, DIGEST, COUNT_STAR, SUM_TIMER_WAIT, FIRST_SEEN "
        + "FROM performance_schema.events_statements_summary_by_digest";
    Map<String, UsageRow> byKey = new LinkedHashMap<>();
    try (Statement st = statement(c, connector); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        String schema = rs.getString(1);
        String key = (schema == null ? "" : schema) + ":" + (rs.getString(2) == null ? "" : rs.getString(2));
        Counters counters = new Counters(rs.getLong(3), picosToMicros(rs.getString(4)), 0, 0, 0);
        merge(byKey, UsageRow.counters(Scope.STATEMENTS, key, schema, schema, null, rs.getString(5), counters));
      }
    } catch (SQLException e) {
      throw DbErrors.translate(e, endpoint, "reading events_statements_summary_by_digest", grant);
    }
    return List.copyOf(byKey.values());
  }

  private static List<UsageRow> users(Connection c, JdbcConnector connector, DbEndpoint endpoint, String grant) {
    String sql = "SELECT USER, EVENT_NAME, COUNT_STAR, SUM_TIMER_WAIT "
        + "FROM performance_schema.events_statements_summary_by_user_by_event_name WHERE COUNT_STAR > 0";
    Map<String, UsageRow> byKey = new LinkedHashMap<>();
    try (Statement st = statement(c, connector); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        String user = rs.getString(1);
        String key = (user == null ? "" : user) + ":" + rs.getString(2);
        Counters counters = new Counters(rs.getLong(3), picosToMicros(rs.getString(4)), 0, 0, 0);
        merge(byKey, UsageRow.counters(Scope.USER_STATEMENTS, key, null, null, user, null, counters));
      }
    } catch (SQLException e) {
      throw DbErrors.translate(e, endpoint, "reading events_statements_summary_by_user_by_event_name", grant);
    }
    return List.copyOf(byKey.values());
  }

  private static List<UsageRow> fileIo(Connection c, JdbcConnector connector, DbEndpoint endpoint, String grant,
      String datadir, long pageSize) {
    String sql = "SELECT FILE_NAME, SUM_NUMBER_OF_BYTES_READ, SUM_NUMBER_OF_BYTES_WRITE "
        + "FROM performance_schema.file_summary_by_instance WHERE EVENT_NAME = 'wait/io/file/innodb/innodb_data_file'";
    Map<String, UsageRow> byKey = new LinkedHashMap<>();
    try (Statement st = statement(c, connector); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        String file = rs.getString(1);
        String schema = MySqlFileNames.schemaOf(file, datadir);
        Counters counters = new Counters(0, 0, rs.getLong(2) / pageSize, rs.getLong(3) / pageSize, 0);
        merge(byKey, UsageRow.counters(Scope.FILE_IO, file, schema, schema, null, null, counters));
      }
    } catch (SQLException e) {
      throw DbErrors.translate(e, endpoint, "reading file_summary_by_instance", grant);
    }
    return List.copyOf(byKey.values());
  }

  private static List<UsageRow> sizes(Connection c, JdbcConnector connector, DbEndpoint endpoint) {
    if (endpoint.engine() == DbEngine.MYSQL) {
      try (Statement st = statement(c, connector)) {
        st.execute("SET SESSION information_schema_stats_expiry = 0"); // MySQL 8 caches table sizes for a day
      } catch (SQLException e) {
        if (e.getErrorCode() != 1193) { // unknown variable: a MySQL before 8.0, which does not cache
          throw DbErrors.translate(e, endpoint, "setting information_schema_stats_expiry", "none needed");
        }
      }
    }
    String sql = "SELECT TABLE_SCHEMA, CAST(SUM(COALESCE(DATA_LENGTH, 0) + COALESCE(INDEX_LENGTH, 0)) AS SIGNED) "
        + "FROM information_schema.TABLES WHERE TABLE_SCHEMA NOT IN ('information_schema', 'performance_schema') "
        + "GROUP BY TABLE_SCHEMA ORDER BY TABLE_SCHEMA";
    List<UsageRow> rows = new ArrayList<>();
    try (Statement st = statement(c, connector); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(UsageRow.storage(rs.getString(1), rs.getString(1), Math.max(0, rs.getLong(2))));
      }
    } catch (SQLException e) {
      throw DbErrors.translate(e, endpoint, "reading information_schema.TABLES",
          "GRANT SHOW VIEW ON *.* TO " + user(endpoint));
    }
    return rows;
  }

  private static void merge(Map<String, UsageRow> byKey, UsageRow row) {
    byKey.merge(row.key(), row, (a, b) -> UsageRow.counters(a.scope(), a.key(), a.database(), a.schema(), a.role(),
        a.since(), a.counters().plus(b.counters())));
  }

  /** SUM_TIMER_WAIT is an unsigned picosecond count that may exceed a signed long. */
  static long picosToMicros(String picos) {
    if (picos == null) {
      return 0;
    }
    return new java.math.BigInteger(picos.strip()).divide(java.math.BigInteger.valueOf(1_000_000)).longValueExact();
  }

  private static Statement statement(Connection c, JdbcConnector connector) throws SQLException {
    Statement st = c.createStatement();
    st.setQueryTimeout(connector.queryTimeoutSeconds());
    return st;
  }

  private static String user(DbEndpoint endpoint) {
    return endpoint.username() == null ? "<the telemetry user>" : "'" + endpoint.username() + "'";
  }

  private static String quoteAccount(String currentUser) {
    int at = currentUser.lastIndexOf('@');
    return at < 0 ? "'" + currentUser + "'" : "'" + currentUser.substring(0, at) + "'@'" + currentUser.substring(at + 1)
        + "'";
  }
}
