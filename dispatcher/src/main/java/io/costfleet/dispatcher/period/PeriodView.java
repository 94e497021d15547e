package io.costfleet.dispatcher.period;

import java.time.Instant;
import java.time.YearMonth;
import java.util.Map;
import java.util.Optional;

/** A billing period as tracked: its close status and how many of its jobs are in each state. */
public record PeriodView(YearMonth period, PeriodStatus status, Map<JobState, Long> jobs, Optional<Instant> closedAt,
    Optional<String> closeSummary, Optional<String> closeError, Optional<Instant> updatedAt) {

  public long count(JobState state) {
    return jobs.getOrDefault(state, 0L);
  }

  /** Every job of the period is done (and there is at least one). */
  public boolean allDone() {
    return count(JobState.DONE) > 0 && jobs.entrySet().stream()
        .allMatch(e -> e.getKey() == JobState.DONE || e.getValue() == 0);
  }
}
