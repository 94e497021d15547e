package io.costfleet.dbtelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeltaCalculatorTest {
  private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
  private static final Instant T0 = Instant.parse("2026-11-05T10:00:00Z");
  private static final Instant T1 = T0.plusSeconds(900);
  private static final Instant T2 = T1.plusSeconds(900);

  private static UsageRow stmt(String key, String role, long calls, long execUs, long read) {
    return UsageRow.counters(Scope.STATEMENTS, key, "app", null, role, null, new Counters(calls, execUs, read, 0, 0));
  }

  private static Reading reading(Instant at, Instant started, String epoch, UsageRow... rows) {
    return new Reading("orders", DbEngine.POSTGRESQL, at, started, epoch, List.of(rows));
  }

  private static Counters delta(Sample s, String key) {
    return s.rows().stream().filter(r -> r.key().equals(key)).findFirst().orElseThrow().delta();
  }

  @Test
  void theFirstSampleIsABaselineWithoutUsage() {
    Sample s = DeltaCalculator.apply(reading(T0, START, "e1", stmt("q1", "a", 100, 5000, 7)), Optional.empty());

    assertThat(s.baseline()).isTrue();
    assertThat(s.interval()).isZero();
    assertThat(delta(s, "q1")).isEqualTo(Counters.ZERO);
  }

  @Test
  void theDeltaIsTheDifferenceOfCumulativeCounters() {
    Sample s0 = DeltaCalculator.apply(reading(T0, START, "e1", stmt("q1", "a", 100, 5000, 7)), Optional.empty());
    Sample s1 = DeltaCalculator.apply(reading(T1, START, "e1", stmt("q1", "a", 130, 6500, 9),
        stmt("q2", "b", 4, 400, 1)), Optional.of(s0));

    assertThat(s1.reset()).isFalse();
    assertThat(s1.previousSampledAt()).isEqualTo(T0);
    assertThat(delta(s1, "q1")).isEqualTo(new Counters(30, 1500, 2, 0, 0));
    assertThat(delta(s1, "q2")).as("an entry created since the previous sample counts whole")
        .isEqualTo(new Counters(4, 400, 1, 0, 0));
  }

  @Test
  void aStatisticsResetCountsFromTheResetNeverNegative() {
    Sample s0 = DeltaCalculator.apply(reading(T0, START, "e1", stmt("q1", "a", 100, 5000, 7)), Optional.empty());
    Sample s1 = DeltaCalculator.apply(reading(T1, START, "e1", stmt("q1", "a", 130, 6500, 9)), Optional.of(s0));
    // pg_stat_statements_reset(): the counters of q1 restart, and happen to be higher than before already
    Sample s2 = DeltaCalculator.apply(reading(T2, START, "e2", stmt("q1", "a", 140, 7000, 1)), Optional.of(s1));

    assertThat(s2.reset()).isTrue();
    assertThat(delta(s2, "q1")).isEqualTo(new Counters(140, 7000, 1, 0, 0));
  }

  @Test
  void aRestartCountsFromTheRestart() {
    Sample s0 = DeltaCalculator.apply(reading(T0, START, "e1", stmt("q1", "a", 100, 5000, 7)), Optional.empty());
    Sample s1 = DeltaCalculator.apply(reading(T1, T0.plusSeconds(60), "e1", stmt("q1", "a", 200, 9000, 9)),
        Optional.of(s0));

    assertThat(s1.reset()).isTrue();
    assertThat(delta(s1, "q1")).isEqualTo(new Counters(200, 9000, 9, 0, 0));
  }

  @Test
  void aLowerCounterWithoutAResetMarkerIsAnEntryReset() {
    Sample s0 = DeltaCalculator.apply(reading(T0, START, "e1", stmt("q1", "a", 100, 5000, 7)), Optional.empty());
    Sample s1 = DeltaCalculator.apply(reading(T1, START, "e1", stmt("q1", "a", 3, 90, 0)), Optional.of(s0));

    assertThat(s1.reset()).isFalse();
    assertThat(delta(s1, "q1")).isEqualTo(new Counters(3, 90, 0, 0, 0));
  }

  @Test
  void aChangedFirstSeenIsAnEntryReset() {
    UsageRow before = UsageRow.counters(Scope.STATEMENTS, "d1", "shop", "shop", null, "2026-11-05 09:00:00",
        new Counters(10, 100, 0, 0, 0));
    UsageRow after = UsageRow.counters(Scope.STATEMENTS, "d1", "shop", "shop", null, "2026-11-05 10:05:00",
        new Counters(50, 900, 0, 0, 0));
    Sample s0 = DeltaCalculator.apply(new Reading("m", DbEngine.MARIADB, T0, START, null, List.of(before)),
        Optional.empty());
    Sample s1 = DeltaCalculator.apply(new Reading("m", DbEngine.MARIADB, T1, START.plusMillis(900), null,
        List.of(after)), Optional.of(s0));

    assertThat(s1.reset()).as("MySQL start jitter of under a second is no restart").isFalse();
    assertThat(delta(s1, "d1")).isEqualTo(new Counters(50, 900, 0, 0, 0));
  }

  @Test
  void storageRowsAreGaugesWithoutDeltas() {
    Sample s0 = DeltaCalculator.apply(reading(T0, START, "e1", UsageRow.storage("app", "public", 1000)),
        Optional.empty());
    Sample s1 = DeltaCalculator.apply(reading(T1, START, "e1", UsageRow.storage("app", "public", 5000)),
        Optional.of(s0));

    assertThat(s1.rows().get(0).bytes()).isEqualTo(5000);
    assertThat(s1.rows().get(0).delta()).isEqualTo(Counters.ZERO);
  }

  @Test
  void aLaggingClockNeverOrdersASampleBeforeTheLatest() {
    Sample s0 = DeltaCalculator.apply(reading(T1, START, "e1", stmt("q1", "a", 1, 1, 1)), Optional.empty());
    Sample s1 = DeltaCalculator.apply(reading(T0, START, "e1", stmt("q1", "a", 2, 2, 2)), Optional.of(s0));

    assertThat(s1.sampledAt()).isAfter(s0.sampledAt());
    assertThat(delta(s1, "q1")).isEqualTo(new Counters(1, 1, 1, 0, 0));
  }
}
