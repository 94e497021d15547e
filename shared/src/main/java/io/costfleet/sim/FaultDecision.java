package io.costfleet.sim;

/** What the simulator does with one data request. */
public sealed interface FaultDecision {
  /** Serve it normally. */
  record Proceed() implements FaultDecision {}

  /** Answer with the provider's throttling response, asking to retry after this many seconds. */
  record Throttle(int retryAfterSeconds) implements FaultDecision {}

  /** Answer with a server error (500/503 as the provider does). */
  record ServerError() implements FaultDecision {}

  /** The provider is down. */
  record Outage() implements FaultDecision {}
}
