package io.costfleet.dbtelemetry;

import java.util.Objects;

/**
 * One row of a telemetry sample.
 *
 * @param scope    what the row measures
 * @param key      the row's identity within its scope (a query id, digest, file, database), stable across samples
 * @param database the database (MySQL/MariaDB: the schema), or null
 * @param schema   the schema, or null
 * @param role     the role (PostgreSQL) or user (MySQL/MariaDB), or null
 * @param since    when the engine started counting this row, where it says (MySQL FIRST_SEEN, PostgreSQL
 *                 database stats_reset); a change means the row was reset
 * @param counters cumulative counters as read ({@link Counters#ZERO} for storage rows)
 * @param bytes    storage bytes (storage rows; 0 otherwise)
 * @param delta    usage since the previous sample (never negative; zero in a baseline sample and for storage)
 */
public record UsageRow(Scope scope, String key, String database, String schema, String role, String since,
    Counters counters, long bytes, Counters delta) {

  public UsageRow {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(key, "key");
    counters = counters == null ? Counters.ZERO : counters;
    delta = delta == null ? Counters.ZERO : delta;
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must not be negative: " + bytes);
    }
  }

  /** A counter row as read, before deltas. */
  public static UsageRow counters(Scope scope, String key, String database, String schema, String role, String since,
      Counters counters) {
    return new UsageRow(scope, key, database, schema, role, since, counters, 0, null);
  }

  /** A storage row. */
  public static UsageRow storage(String database, String schema, long bytes) {
    return new UsageRow(Scope.STORAGE, database + "/" + (schema == null ? "" : schema), database, schema, null, null,
        null, bytes, null);
  }

  /** The identity of this row across samples. */
  String identity() {
    return scope + "\u001f" + key;
  }

  UsageRow withDelta(Counters d) {
    return new UsageRow(scope, key, database, schema, role, since, counters, bytes, d);
  }
}
