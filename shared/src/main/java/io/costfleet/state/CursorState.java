package io.costfleet.state;

import java.time.Instant;

/**
 * Committed progress of a job: the provider token of the next page, the number of the next page,
 * counts so far, status, the fencing token of the lease that wrote it, and when.
 */
public record CursorState(String token, int nextPage, long pages, long rows, long quarantined, Status status,
    long fencingToken, Instant updatedAt) {

  /** Progress status. */
  public enum Status { RUNNING, DONE }

  /** The state of a job that has not started. */
  public static CursorState initial() {
    return new CursorState(null, 1, 0, 0, 0, Status.RUNNING, 0, Instant.EPOCH);
  }

  public boolean done() {
    return status == Status.DONE;
  }
}
