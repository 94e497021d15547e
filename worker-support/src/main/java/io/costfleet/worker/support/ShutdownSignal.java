package io.costfleet.worker.support;

import io.costfleet.runner.StopSignal;
import java.util.concurrent.atomic.AtomicBoolean;

/** Raised when the worker begins to shut down; running jobs stop at their next page boundary. */
public final class ShutdownSignal implements StopSignal {
  private final AtomicBoolean requested = new AtomicBoolean();

  public void request() {
    requested.set(true);
  }

  @Override
  public boolean stopRequested() {
    return requested.get();
  }
}
