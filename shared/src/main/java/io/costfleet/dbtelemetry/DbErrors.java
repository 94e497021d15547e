package io.costfleet.dbtelemetry;

import io.costfleet.source.BadCredentialsException;
import io.costfleet.source.PermanentException;
import io.costfleet.source.UnavailableException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Translates JDBC failures of the sampling queries into the typed exceptions of
 * {@code io.costfleet.source}: connection failures, timeouts, shutdowns and resource limits are
 * transient; bad credentials, missing privileges and statements the engine does not understand
 * are permanent.
 */
final class DbErrors {
  /** MySQL/MariaDB error codes: table/command/db access denied, missing global privilege. */
  private static final Set<Integer> MYSQL_DENIED = Set.of(1142, 1143, 1044, 1227);

  private DbErrors() {}

  /**
   * @param what           what was being done ("reading pg_stat_statements")
   * @param privilegeRemedy what to grant if the failure is a missing privilege
   */
  static RuntimeException translate(SQLException e, DbEndpoint endpoint, String what, String privilegeRemedy) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String detail = endpoint.name() + ": " + what + " failed: " + e.getMessage() + " (SQLState " + state
        + (e.getErrorCode() != 0 ? ", error " + e.getErrorCode() : "") + ")";
    if (state.startsWith("28") || e.getErrorCode() == 1045) {
      return new BadCredentialsException("db-telemetry endpoint " + detail, e);
    }
    if (state.equals("42501") || MYSQL_DENIED.contains(e.getErrorCode())) {
      return new TelemetrySetupException.MissingPrivilege(endpoint.name(), what + " was denied: " + e.getMessage(),
          privilegeRemedy, e);
    }
    if (e instanceof SQLTimeoutException || e instanceof SQLTransientException || state.startsWith("08")
        || state.startsWith("53") || state.startsWith("40") || state.startsWith("57") || state.startsWith("HY")
        || state.isEmpty()) {
      return new UnavailableException("db-telemetry endpoint " + detail, e);
    }
    if (state.startsWith("42") || state.startsWith("0A") || state.equals("3D000")) {
      return new PermanentException("db-telemetry endpoint " + detail
          + "; check the endpoint's jdbc-url and that the engine version is supported", e);
    }
    return new UnavailableException("db-telemetry endpoint " + detail, e);
  }
}
