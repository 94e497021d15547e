package io.costfleet.dbtelemetry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A stored telemetry sample: the {@link Reading} and, per cumulative row, its usage since the
 * previous sample of the endpoint ({@link UsageRow#delta()}), which covers {@code (previousSampledAt,
 * sampledAt]}.
 *
 * @param previousSampledAt the previous sample's time, or null for a baseline (first) sample
 * @param reset             whether the engine's counters were reset since the previous sample
 *                          (restart or statistics reset); deltas then count from the reset
 */
public record Sample(String endpoint, DbEngine engine, Instant sampledAt, Instant previousSampledAt,
    Instant serverStartedAt, String statsEpoch, boolean reset, List<UsageRow> rows) {

  public Sample {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(sampledAt, "sampledAt");
    Objects.requireNonNull(serverStartedAt, "serverStartedAt");
    rows = List.copyOf(rows);
    if (previousSampledAt != null && !previousSampledAt.isBefore(sampledAt)) {
      throw new IllegalArgumentException("previous sample " + previousSampledAt + " is not before " + sampledAt);
    }
  }

  /** Whether this is the endpoint's first sample (no deltas). */
  public boolean baseline() {
    return previousSampledAt == null;
  }

  /** The time its deltas cover (zero for a baseline). */
  public Duration interval() {
    return baseline() ? Duration.ZERO : Duration.between(previousSampledAt, sampledAt);
  }

  /** Sum of the deltas of the rows of one scope. */
  public Counters totalDelta(Scope scope) {
    return rows.stream().filter(r -> r.scope() == scope).map(UsageRow::delta).reduce(Counters.ZERO, Counters::plus);
  }
}
