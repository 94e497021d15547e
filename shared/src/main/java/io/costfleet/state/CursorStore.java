package io.costfleet.state;

import java.util.Map;
import java.util.Optional;

/**
 * Per-job progress (Redis key {@code cursor:{provider}:{source}:{account}:{period}:{dataset}:…},
 * see {@link io.costfleet.job.ExtractionJob#cursorName()}). A commit is one atomic step, done only
 * after the page's staging file is durable, and refused for a stale lease.
 */
public interface CursorStore {

  Optional<CursorState> load(String cursorName);

  /**
   * Stores {@code next} if {@code lease} is still current and its fencing token is not older than
   * the stored one.
   *
   * @throws LeaseLostException if the lease was lost or superseded
   */
  void commit(String cursorName, CursorState next, Lease lease);

  void delete(String cursorName);

  /**
   * Cursors whose names match a Redis-style glob ({@code aws:*:2026-10:*}; {@code *} spans colons),
   * for the operator API.
   */
  Map<String, CursorState> list(String glob);
}
