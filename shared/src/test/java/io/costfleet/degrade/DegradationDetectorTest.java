package io.costfleet.degrade;

import static io.costfleet.degrade.SnapshotCodecTest.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.costfleet.job.Provider;
import io.costfleet.resilience.CircuitBreaker;
import io.costfleet.resilience.InMemoryCircuitBreaker;
import io.costfleet.source.UnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DegradationDetectorTest {
  private static final Instant NOW = Instant.parse("2026-10-11T13:00:00Z");
  private static final Instant AS_OF = Instant.parse("2026-10-11T01:00:00Z");
  private static final YearMonth PERIOD = YearMonth.of(2026, 10);
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final InMemoryCircuitBreaker breaker = new InMemoryCircuitBreaker(2, Duration.ofMinutes(5),
      t -> t instanceof UnavailableException, clock);
  private final DegradationDetector.Fleet fleet = new DegradationDetector.Fleet(
      Map.of(Provider.AWS, Set.of("cost-explorer")), Map.of(Provider.AWS, Set.of("111")));

  private static LastGood.Read redisRead(SpendSnapshot... s) {
    return new LastGood.Read(PERIOD, List.of(s), LastGood.Store.REDIS, Optional.empty());
  }

  @Test
  void freshDataWithAClosedCircuitIsNotDegraded() {
    var states = new DegradationDetector(breaker, Duration.ofHours(36), clock).assess(redisRead(snapshot("111", AS_OF,
        "1")), fleet);
    DegradationDetector.ProviderState aws = states.get(Provider.AWS);
    assertThat(aws.freshness().degraded()).isFalse();
    assertThat(aws.staleness()).isEqualTo(Duration.ofHours(12));
    assertThat(aws.worstCircuit()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(DegradationDetector.overall(states).stalenessSeconds()).isEqualTo(12 * 3600);
  }

  @Test
  void anOpenCircuitStaleOrMissingDataOrTheLocalCacheDegrade() {
    for (int i = 0; i < 2; i++) {
      try {
        breaker.execute("aws", "cost-explorer", () -> {
          throw new UnavailableException("503", null);
        });
      } catch (UnavailableException expected) {
        // counted
      }
    }
    DegradationDetector detector = new DegradationDetector(breaker, Duration.ofHours(6), clock);
    Freshness f = DegradationDetector.overall(detector.assess(redisRead(), fleet));
    assertThat(f.degraded()).isTrue();
    assertThat(f.reasons()).containsExactly("circuit aws:cost-explorer is open: the fleet stopped calling it",
        "no aws data of 2026-10 yet for account(s) 111");
    assertThat(f.asOf()).isNull();

    Freshness stale = DegradationDetector.overall(detector.assess(redisRead(snapshot("111", AS_OF, "1")), fleet));
    assertThat(stale.reasons()).contains("aws data is 43200 s old (stale after 21600 s)");
    assertThat(stale.stalenessSeconds()).isEqualTo(43200);

    Freshness local = DegradationDetector.overall(new DegradationDetector(breaker, Duration.ofHours(36), clock)
        .assess(new LastGood.Read(PERIOD, List.of(snapshot("111", AS_OF, "1")), LastGood.Store.LOCAL,
            Optional.of("connection refused")), fleet));
    assertThat(local.degraded()).isTrue();
    assertThat(local.reasons()).singleElement().asString().contains("Redis unreachable (connection refused)")
        .contains("local cache");
  }
}
