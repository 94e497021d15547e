package io.costfleet.resilience;

import io.costfleet.resilience.CircuitBreaker.State;

/**
 * Told about a circuit as this process sees it, to expose it (metrics) without the breaker knowing
 * how. Called on the caller's thread; must be quick and must not throw.
 */
public interface CircuitBreakerListener {

  /** This process moved the circuit {@code from → to} (other processes report their own moves). */
  void onTransition(String provider, String endpoint, State from, State to);

  /** The circuit was found in {@code state} (every admission and outcome). */
  default void onState(String provider, String endpoint, State state) {}
}
