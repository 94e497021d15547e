package io.costfleet.redis;

import io.costfleet.source.UnavailableException;
import java.time.Duration;

/**
 * Redis, which holds the fleet's cursors, leases, rate-limit buckets and circuits, could not be
 * reached (connection refused or lost, timeout, server loading or read-only). Transient: the job is
 * retried with back-off, never sooner than {@link #retryAfter()}.
 */
public class CoordinationUnavailableException extends UnavailableException {
  public CoordinationUnavailableException(String message, Duration retryAfter, Throwable cause) {
    super(message, retryAfter, cause);
  }
}
