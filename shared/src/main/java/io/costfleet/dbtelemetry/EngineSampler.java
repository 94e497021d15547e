package io.costfleet.dbtelemetry;

import java.time.Instant;

/** Reads one engine's system views into a {@link Reading}. Failures are typed ({@link DbErrors}). */
interface EngineSampler {

  Reading read(DbEndpoint endpoint, JdbcConnector connector, Instant sampledAt);
}
