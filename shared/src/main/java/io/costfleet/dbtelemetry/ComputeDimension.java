package io.costfleet.dbtelemetry;

/**
 * Which statement statistics weigh compute and I/O. PostgreSQL's {@code pg_stat_statements} is
 * kept per (database, role), so it always uses {@link #STATEMENTS}; MySQL and MariaDB keep statement
 * digests per schema and, separately, statement totals per user: an endpoint whose tenants are users
 * rather than schemas says {@link #USER}.
 */
public enum ComputeDimension {
  /** PostgreSQL: per (database, role); MySQL/MariaDB: per schema (statement digests). */
  STATEMENTS,
  /** MySQL/MariaDB only: per user ({@code events_statements_summary_by_user_by_event_name}). */
  USER
}
