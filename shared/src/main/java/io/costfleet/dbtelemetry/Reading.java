package io.costfleet.dbtelemetry;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one sampling read from an engine, before deltas: cumulative counters and storage gauges.
 *
 * @param endpoint        the endpoint's name
 * @param engine          its engine
 * @param sampledAt       when it was read (UTC)
 * @param serverStartedAt when the server last started (a later start means counters restarted from zero)
 * @param statsEpoch      the engine's statement-statistics reset marker (PostgreSQL
 *                        {@code pg_stat_statements_info.stats_reset}), or null where the engine has none
 * @param rows            the rows
 */
public record Reading(String endpoint, DbEngine engine, Instant sampledAt, Instant serverStartedAt, String statsEpoch,
    List<UsageRow> rows) {
  public Reading {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(sampledAt, "sampledAt");
    Objects.requireNonNull(serverStartedAt, "serverStartedAt");
    rows = List.copyOf(rows);
  }
}
