package io.costfleet.dbtelemetry;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a {@link Reading} of cumulative counters into a {@link Sample} of usage since the
 * endpoint's previous sample. Pure. The rules, per cumulative row (matched by scope and key):
 *
 * <ul>
 *   <li>no previous sample: a baseline, every delta zero (what happened before the first sample is
 *       not charged to anyone's period);</li>
 *   <li>the server restarted (its start time moved) or the statement statistics were reset
 *       (PostgreSQL {@code pg_stat_statements_info.stats_reset} changed): the delta is the current
 *       value, counted since the reset;</li>
 *   <li>the row is new since the previous sample (a new query, digest, file or database): the
 *       current value;</li>
 *   <li>the row's own reset marker ({@link UsageRow#since()}, MySQL's FIRST_SEEN) changed, or any
 *       of its counters went down (an evicted and re-created entry, a truncated digest table, a
 *       partial reset): the current value;</li>
 *   <li>otherwise the difference.</li>
 * </ul>
 *
 * A delta is never negative. Usage between the previous sample and a reset, or of an entry evicted
 * between two samples, is not visible to anyone and is lost; so is an entry reset without a marker
 * (a PostgreSQL reset of single queries, a MySQL digest truncation within FIRST_SEEN's resolution)
 * that grew past its old value by the next sample. Sampling more often bounds both.
 */
public final class DeltaCalculator {
  /** MySQL reports its start as whole seconds of uptime; PostgreSQL's start time is exact. */
  private static final Duration START_TOLERANCE = Duration.ofSeconds(2);

  private DeltaCalculator() {}

  public static Sample apply(Reading current, Optional<Sample> previous) {
    Objects.requireNonNull(current, "current");
    if (previous.isEmpty()) {
      return new Sample(current.endpoint(), current.engine(), current.sampledAt(), null, current.serverStartedAt(),
          current.statsEpoch(), false, current.rows());
    }
    Sample prev = previous.get();
    if (!prev.endpoint().equals(current.endpoint())) {
      throw new IllegalArgumentException("previous sample is of endpoint " + prev.endpoint() + ", not "
          + current.endpoint());
    }
    // Samples are ordered by time; a worker whose clock lags must not write a sample "before" the latest.
    Instant sampledAt = current.sampledAt().isAfter(prev.sampledAt()) ? current.sampledAt()
        : prev.sampledAt().plus(1, ChronoUnit.MILLIS);
    boolean restarted = Duration.between(prev.serverStartedAt(), current.serverStartedAt()).abs()
        .compareTo(START_TOLERANCE) > 0;
    boolean statsReset = !Objects.equals(prev.statsEpoch(), current.statsEpoch());
    boolean reset = restarted || statsReset;
    Map<String, UsageRow> before = new HashMap<>();
    for (UsageRow r : prev.rows()) {
      before.put(r.identity(), r);
    }
    List<UsageRow> rows = new ArrayList<>(current.rows().size());
    for (UsageRow r : current.rows()) {
      if (!r.scope().cumulative()) {
        rows.add(r.withDelta(Counters.ZERO));
        continue;
      }
      UsageRow p = reset ? null : before.get(r.identity());
      boolean rowReset = p == null || !Objects.equals(p.since(), r.since()) || r.counters().resetSince(p.counters());
      rows.add(r.withDelta(rowReset ? r.counters() : r.counters().minus(p.counters())));
    }
    return new Sample(current.endpoint(), current.engine(), sampledAt, prev.sampledAt(), current.serverStartedAt(),
        current.statsEpoch(), reset, rows);
  }
}
