package io.costfleet.resilience;

import java.util.function.Supplier;

/**
 * A circuit per {@code (provider, endpoint)}: closed → open after consecutive failures (or a failure
 * rate) → half-open after the recovery timeout, admitting exactly one probe → closed or open. The
 * fleet-wide implementation keeps the state in Redis ({@code breaker:{provider}:{endpoint}}) so the
 * whole fleet opens together and half-open admits one probe across the fleet.
 */
public interface CircuitBreaker {

  /** Circuit states. */
  enum State { CLOSED, OPEN, HALF_OPEN }

  /**
   * Runs the call if the circuit admits it, recording its outcome. Only failures the
   * {@code failurePredicate} of the configuration counts (transient provider failures) trip the
   * circuit.
   *
   * @throws CallNotPermittedException when open, or half-open with the probe already taken
   */
  <T> T execute(String provider, String endpoint, Supplier<T> call);

  State state(String provider, String endpoint);
}
