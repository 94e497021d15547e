package io.costfleet.degrade;

import static io.costfleet.degrade.SnapshotCodecTest.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.costfleet.redis.RedisCoordination;
import io.costfleet.testing.RedisNamespace;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Last-good snapshots in the real Redis (private prefix) and a SQLite file; "Redis down" is a closed port. */
class LastGoodIT {
  private static final YearMonth PERIOD = YearMonth.of(2026, 10);
  private static final Instant T1 = Instant.parse("2026-10-10T01:00:00Z");
  private static final Instant T2 = Instant.parse("2026-10-11T01:00:00Z");

  private final RedisNamespace ns = RedisNamespace.create();

  @TempDir
  Path dir;

  @AfterEach
  void tearDown() {
    ns.close();
  }

  @Test
  void keepsTheNewestSnapshotPerAccountInRedisUnderTheDesignKey() {
    RedisCoordination redis = ns.connect();
    RedisLastGoodStore store = new RedisLastGoodStore(redis);
    store.put(snapshot("111", T2, "30.00"));
    store.put(snapshot("111", T1, "10.00"));
    store.put(snapshot("222", T1, "5.00"));

    assertThat(store.period(PERIOD)).extracting(s -> s.account() + "=" + s.days().get(0).cost().toPlainString())
        .containsExactlyInAnyOrder("111=30.00", "222=5.00");
    assertThat(store.period(YearMonth.of(2026, 11))).isEmpty();
    assertThat(ns.keys()).contains(ns.prefix() + "lastgood:aws:111", ns.prefix() + "lastgood:aws:222");
  }

  @Test
  void readsFromTheLocalCacheWhenRedisIsOutOfReach() throws Exception {
    Path file = dir.resolve("cache/lastgood.db");
    try (SqliteLastGoodStore local = SqliteLastGoodStore.open(file)) {
      LastGood lastGood = new LastGood(new RedisLastGoodStore(ns.connect()), local);
      lastGood.put(snapshot("111", T1, "10.00"));
      // another replica stores a newer one: this replica's cache learns it from its next Redis read
      new RedisLastGoodStore(ns.connect()).put(snapshot("222", T2, "7.00"));

      LastGood.Read read = lastGood.read(PERIOD);
      assertThat(read.store()).isEqualTo(LastGood.Store.REDIS);
      assertThat(read.redisFailure()).isEmpty();
      assertThat(read.snapshots()).hasSize(2);

      int closedPort;
      try (ServerSocket s = new ServerSocket(0)) {
        closedPort = s.getLocalPort();
      }
      try (RedisCoordination unreachable = RedisCoordination.connect(ns.config()
          .withHostAndPort("127.0.0.1", closedPort).withTimeouts(Duration.ofMillis(300), Duration.ofMillis(300)))) {
        LastGood.Read fallback = new LastGood(new RedisLastGoodStore(unreachable), local).read(PERIOD);
        assertThat(fallback.store()).isEqualTo(LastGood.Store.LOCAL);
        assertThat(fallback.redisFailure()).get().asString().contains("unreachable");
        assertThat(fallback.snapshots()).extracting(s -> s.account() + "=" + s.days().get(0).cost().toPlainString())
            .containsExactlyInAnyOrder("111=10.00", "222=7.00");
      }
    }
    try (SqliteLastGoodStore reopened = SqliteLastGoodStore.open(file)) {
      assertThat(reopened.period(PERIOD)).hasSize(2);
      reopened.put(snapshot("111", T1.minusSeconds(60), "1.00"));
      assertThat(reopened.period(PERIOD)).filteredOn(s -> s.account().equals("111")).singleElement()
          .satisfies(s -> assertThat(s.asOf()).isEqualTo(T1));
    }
  }

  @Test
  void rereadsRedisOnlyAfterAChange() {
    RedisCoordination redis = ns.connect();
    RedisLastGoodStore store = new RedisLastGoodStore(redis);
    long before = store.version();
    store.put(snapshot("111", T1, "10.00"));
    assertThat(store.version()).isEqualTo(before + 1);
    store.put(snapshot("111", T1.minusSeconds(1), "9.00"));
    assertThat(store.version()).as("an older snapshot changes nothing").isEqualTo(before + 1);
  }
}
