package io.costfleet.dbtelemetry;

import java.util.Locale;
import java.util.Optional;

/** The database engines the telemetry source samples, recognized from the endpoint's JDBC URL. */
public enum DbEngine {
  /** PostgreSQL (RDS, Aurora PostgreSQL, Cloud SQL, Azure Database for PostgreSQL). */
  POSTGRESQL,
  /** MySQL (RDS, Aurora MySQL, Cloud SQL, Azure Database for MySQL). */
  MYSQL,
  /** MariaDB (RDS for MariaDB). Same system views as MySQL. */
  MARIADB;

  /** The engine of a JDBC URL ({@code jdbc:postgresql:}, {@code jdbc:mysql:}, {@code jdbc:mariadb:}). */
  public static Optional<DbEngine> ofJdbcUrl(String jdbcUrl) {
    String u = jdbcUrl == null ? "" : jdbcUrl.strip().toLowerCase(Locale.ROOT);
    if (u.startsWith("jdbc:postgresql:")) {
      return Optional.of(POSTGRESQL);
    }
    if (u.startsWith("jdbc:mysql:")) {
      return Optional.of(MYSQL);
    }
    if (u.startsWith("jdbc:mariadb:")) {
      return Optional.of(MARIADB);
    }
    return Optional.empty();
  }

  /** Whether this engine exposes MySQL's {@code performance_schema} and {@code information_schema}. */
  public boolean mysqlFamily() {
    return this != POSTGRESQL;
  }

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
