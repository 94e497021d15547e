package io.costfleet.runner;

/** Asked by the runner between pages: when true, it stops cleanly and returns {@link RunOutcome.Abandoned}. */
@FunctionalInterface
public interface StopSignal {
  boolean stopRequested();

  /** A signal that never asks to stop. */
  static StopSignal never() {
    return () -> false;
  }
}
