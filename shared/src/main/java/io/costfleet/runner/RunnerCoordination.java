package io.costfleet.runner;

import io.costfleet.ratelimit.RateLimiter;
import io.costfleet.resilience.CircuitBreaker;
import io.costfleet.state.CursorStore;
import io.costfleet.state.JobLeases;
import java.util.Objects;

/** The fleet coordination the runner uses: Redis-backed in a fleet, in-memory in a single process. */
public record RunnerCoordination(JobLeases leases, CursorStore cursors, RateLimiter rateLimiter,
    CircuitBreaker circuitBreaker) {
  public RunnerCoordination {
    Objects.requireNonNull(leases, "leases");
    Objects.requireNonNull(cursors, "cursors");
    Objects.requireNonNull(rateLimiter, "rateLimiter");
    Objects.requireNonNull(circuitBreaker, "circuitBreaker");
  }
}
