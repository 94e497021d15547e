package io.costfleet.dispatcher.period;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a tracked job is, as far as the dispatcher knows. */
public enum JobState {
  /** Reserved but not (yet) confirmed by the broker; the republisher publishes it again. */
  UNPUBLISHED,
  /** In its jobs queue (or its retry queue). */
  PENDING,
  /** A worker announced {@code job.started}. */
  RUNNING,
  /** A worker announced {@code job.completed}. */
  DONE,
  /** A worker announced {@code job.failed} with the job dead-lettered. */
  FAILED;

  @JsonValue
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static JobState of(String code) {
    return valueOf(code.toUpperCase(Locale.ROOT));
  }

  /** Still on its way: a new sync of its slot would duplicate it. */
  public boolean inFlight() {
    return this == UNPUBLISHED || this == PENDING || this == RUNNING;
  }
}
