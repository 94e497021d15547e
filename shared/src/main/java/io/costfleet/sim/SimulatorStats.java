package io.costfleet.sim;

/** Counts of data requests a simulator received, by what it answered (served at {@code GET /_sim/stats}). */
public record SimulatorStats(long requests, long served, long throttled, long errors, long outages) {}
