package io.costfleet.sim;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Applies the current {@link FaultPlan} to each data request and counts what happened. Thread-safe. */
public final class FaultInjector {
  private final AtomicReference<FaultPlan> plan = new AtomicReference<>(FaultPlan.none());
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong served = new AtomicLong();
  private final AtomicLong throttled = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong outages = new AtomicLong();

  public FaultPlan plan() {
    return plan.get();
  }

  public void set(FaultPlan next) {
    plan.set(next == null ? FaultPlan.none() : next);
  }

  /** Decides the fate of the next data request (sleeping for the configured latency first). */
  public FaultDecision next() {
    long n = requests.incrementAndGet();
    FaultPlan p = plan.get();
    if (p.latencyMillis() > 0) {
      try {
        Thread.sleep(p.latencyMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (p.outage()) {
      outages.incrementAndGet();
      return new FaultDecision.Outage();
    }
    if (p.errorBurst() > 0) {
      FaultPlan current = p;
      while (current.errorBurst() > 0 && !plan.compareAndSet(current, current.withErrorBurst(current.errorBurst() - 1))) {
        current = plan.get();
      }
      if (current.errorBurst() > 0) {
        errors.incrementAndGet();
        return new FaultDecision.ServerError();
      }
    }
    if (p.throttleEvery() > 0 && n % p.throttleEvery() == 0) {
      throttled.incrementAndGet();
      return new FaultDecision.Throttle(Math.max(0, p.retryAfterSeconds()));
    }
    served.incrementAndGet();
    return new FaultDecision.Proceed();
  }

  public SimulatorStats stats() {
    return new SimulatorStats(requests.get(), served.get(), throttled.get(), errors.get(), outages.get());
  }

  public void resetStats() {
    requests.set(0);
    served.set(0);
    throttled.set(0);
    errors.set(0);
    outages.set(0);
  }
}
