package io.costfleet.dbtelemetry;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens read-only JDBC connections to an endpoint with its credentials and timeouts. The JDBC
 * drivers (PostgreSQL, MariaDB Connector/J, which also serves {@code jdbc:mysql:} URLs) are on the
 * worker's class path, not {@code shared}'s.
 */
final class JdbcConnector {
  private static final Pattern PG_URL = Pattern.compile("^(jdbc:postgresql://[^/?]*)(/[^?]*)?(\\?.*)?$",
      Pattern.CASE_INSENSITIVE);

  private final Duration connectTimeout;
  private final Duration queryTimeout;

  JdbcConnector(Duration connectTimeout, Duration queryTimeout) {
    this.connectTimeout = connectTimeout;
    this.queryTimeout = queryTimeout;
  }

  /** Seconds for {@link java.sql.Statement#setQueryTimeout}. */
  int queryTimeoutSeconds() {
    return (int) Math.max(1, queryTimeout.toSeconds());
  }

  Connection open(DbEndpoint endpoint) throws SQLException {
    return open(endpoint, endpoint.jdbcUrl());
  }

  /** PostgreSQL: a connection to another database of the same server. */
  Connection openDatabase(DbEndpoint endpoint, String database) throws SQLException {
    return open(endpoint, withDatabase(endpoint.jdbcUrl(), database));
  }

  static String withDatabase(String pgUrl, String database) {
    Matcher m = PG_URL.matcher(pgUrl.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a jdbc:postgresql://host[:port]/database URL: " + pgUrl);
    }
    String encoded = URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
    return m.group(1) + "/" + encoded + (m.group(3) == null ? "" : m.group(3));
  }

  private Connection open(DbEndpoint endpoint, String url) throws SQLException {
    Properties props = new Properties();
    if (endpoint.username() != null) {
      props.setProperty("user", endpoint.username());
    }
    if (endpoint.password() != null) {
      props.setProperty("password", endpoint.password());
    }
    long connectMs = Math.max(1, connectTimeout.toMillis());
    long socketMs = Math.max(1, queryTimeout.toMillis()) + connectMs;
    if (endpoint.engine() == DbEngine.POSTGRESQL) {
      props.setProperty("connectTimeout", Long.toString(Math.max(1, connectMs / 1000)));
      props.setProperty("socketTimeout", Long.toString(Math.max(1, socketMs / 1000)));
      props.setProperty("ApplicationName", "costfleet-db-telemetry");
      props.setProperty("readOnly", "true");
    } else {
      props.setProperty("connectTimeout", Long.toString(connectMs));
      props.setProperty("socketTimeout", Long.toString(socketMs));
      if (url.regionMatches(true, 0, "jdbc:mysql:", 0, 11) && !url.contains("permitMysqlScheme")) {
        url = url + (url.contains("?") ? "&" : "?") + "permitMysqlScheme";
      }
    }
    Connection c = DriverManager.getConnection(url, props);
    try {
      c.setReadOnly(true);
      c.setAutoCommit(true);
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }
}
