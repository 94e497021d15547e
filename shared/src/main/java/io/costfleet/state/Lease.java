package io.costfleet.state;

/**
 * A held job lease: the job, the holder, and the fencing token (strictly increasing per job across
 * acquisitions). Writes guarded by a lease carry its token; a store refuses a token older than the
 * newest it has seen, so a stalled former holder cannot overwrite its successor's progress.
 */
public record Lease(String jobId, String owner, long fencingToken) {}
