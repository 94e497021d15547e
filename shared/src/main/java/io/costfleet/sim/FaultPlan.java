package io.costfleet.sim;

/**
 * Faults a provider simulator injects, set at start-up or at run time through
 * {@code POST /_sim/faults}. All fields are optional in JSON (absent = off).
 *
 * @param throttleEvery     throttle every n-th data request (0 = never), with the provider's real throttling response
 * @param retryAfterSeconds the back-off the throttling response asks for
 * @param errorBurst        the next n data requests fail with a 5xx (counts down)
 * @param latencyMillis     added latency per data request
 * @param outage            every data request fails (connection-level 503) until switched off
 * @param malformedEvery    every n-th generated record is malformed (0 = never); the ground truth excludes them
 */
public record FaultPlan(int throttleEvery, int retryAfterSeconds, int errorBurst, int latencyMillis, boolean outage,
    int malformedEvery) {

  public static FaultPlan none() {
    return new FaultPlan(0, 1, 0, 0, false, 0);
  }

  public FaultPlan withOutage(boolean on) {
    return new FaultPlan(throttleEvery, retryAfterSeconds, errorBurst, latencyMillis, on, malformedEvery);
  }

  public FaultPlan withErrorBurst(int n) {
    return new FaultPlan(throttleEvery, retryAfterSeconds, n, latencyMillis, outage, malformedEvery);
  }

  public FaultPlan withThrottleEvery(int n, int retryAfter) {
    return new FaultPlan(n, retryAfter, errorBurst, latencyMillis, outage, malformedEvery);
  }
}
