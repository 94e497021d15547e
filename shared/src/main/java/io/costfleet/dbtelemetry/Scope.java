package io.costfleet.dbtelemetry;

/** What one row of a telemetry sample measures. */
public enum Scope {
  /**
   * Cumulative statement counters: PostgreSQL {@code pg_stat_statements} per (database, role, query),
   * MySQL/MariaDB {@code events_statements_summary_by_digest} per (schema, digest).
   */
  STATEMENTS,
  /** MySQL/MariaDB cumulative statement counters per (user, statement type). */
  USER_STATEMENTS,
  /** MySQL/MariaDB cumulative InnoDB data-file I/O per file, in pages. */
  FILE_IO,
  /** PostgreSQL {@code pg_stat_database}: cumulative database-wide counters (a cross-check; not a driver). */
  DATABASE,
  /**
   * Storage, a gauge in bytes per (database, schema); a row without schema holds what the schemas
   * of its database do not (catalogs, or the whole database when its schemas are not sampled).
   */
  STORAGE;

  /** Whether the row's counters are cumulative (deltas are taken) rather than a gauge. */
  public boolean cumulative() {
    return this != STORAGE;
  }
}
