package io.costfleet.worker.azure.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Cost Management throttling as the simulator plays it: a scripted burst of 429s (set through
 * {@code POST /_sim/azure/throttle}), and the window each 429 announces. Until a scope's window
 * ends, every further request to it is refused again, as Azure does, and logged as early.
 */
final class SimThrottles {
  /**
   * A scripted burst.
   *
   * @param requests how many upcoming query requests to throttle
   * @param kind     which retry-after header carries the wait: {@code qpu}, {@code entity} or {@code tenant}
   * @param seconds  the wait announced (also sent as {@code Retry-After})
   * @param scope    only requests to this scope path (null: any)
   */
  record Burst(int requests, String kind, int seconds, String scope) {}

  /** A throttling answer: which header, how long. */
  record Decision(String kind, int seconds, boolean early) {}

  private Burst burst;
  private final Map<String, Instant> windows = new HashMap<>();

  synchronized void script(Burst next) {
    burst = next == null || next.requests() <= 0 ? null : next;
  }

  /** Whether (and how) to throttle a request to {@code scope} arriving {@code now}; null to serve it. */
  synchronized Decision decide(String scope, Instant now) {
    String key = scope.toLowerCase(Locale.ROOT);
    Instant until = windows.get(key);
    if (until != null && now.isBefore(until)) {
      int left = (int) Math.max(1, Duration.between(now, until).toSeconds() + 1);
      return new Decision("qpu", left, true);
    }
    if (burst != null && (burst.scope() == null || burst.scope().equalsIgnoreCase(scope))) {
      Decision d = new Decision(burst.kind() == null ? "qpu" : burst.kind(), burst.seconds(), false);
      burst = burst.requests() <= 1 ? null : new Burst(burst.requests() - 1, burst.kind(), burst.seconds(), burst.scope());
      opened(scope, now, d.seconds());
      return d;
    }
    return null;
  }

  /** A 429 was answered for {@code scope}: its window runs for {@code seconds}. */
  synchronized void opened(String scope, Instant now, int seconds) {
    if (seconds > 0) {
      windows.merge(scope.toLowerCase(Locale.ROOT), now.plusSeconds(seconds), (a, b) -> a.isAfter(b) ? a : b);
    }
  }

  synchronized void reset() {
    burst = null;
    windows.clear();
  }
}
