package io.costfleet.runner;

import io.costfleet.job.ExtractionJob;
import io.costfleet.state.CursorState;

/** Told what a run does, for the delivery layer's events. Called on the running thread. */
@FunctionalInterface
public interface RunListener {

  /** The run holds the job's lease and starts (cursor at page 1) or resumes (later page) the job. */
  void started(ExtractionJob job, CursorState cursor);

  /** A listener that does nothing. */
  static RunListener none() {
    return (job, cursor) -> {};
  }
}
