package io.costfleet.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costfleet.testing.RedisNamespace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Leases and fenced cursor commits on the real Redis, two "workers" with their own connection pools. */
class RedisJobLeasesIT {
  private static final String JOB = "job-7f3a";
  private static final String CURSOR = "aws:cur:123456789012:2026-10:usage:2026-10-01_2026-11-01:g0";

  private RedisNamespace ns;
  private RedisJobLeases leasesA;
  private RedisJobLeases leasesB;
  private RedisCursorStore cursorsA;
  private RedisCursorStore cursorsB;

  @BeforeEach
  void workers() {
    ns = RedisNamespace.create();
    var a = ns.connect();
    var b = ns.connect();
    leasesA = new RedisJobLeases(a);
    leasesB = new RedisJobLeases(b);
    cursorsA = new RedisCursorStore(a);
    cursorsB = new RedisCursorStore(b);
  }

  @AfterEach
  void clean() {
    ns.close();
  }

  @Test
  void twoWorkersRacingForOneJobGetExactlyOneLease() throws Exception {
    int racers = 16;
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Optional<Lease>>> results = new ArrayList<>();
      for (int i = 0; i < racers; i++) {
        RedisJobLeases leases = i % 2 == 0 ? leasesA : leasesB;
        String owner = (i % 2 == 0 ? "worker-a-" : "worker-b-") + i;
        results.add(pool.submit(() -> {
          go.await();
          return leases.tryAcquire(JOB, owner, Duration.ofSeconds(30));
        }));
      }
      go.countDown();
      List<Lease> winners = new ArrayList<>();
      for (Future<Optional<Lease>> f : results) {
        f.get(10, TimeUnit.SECONDS).ifPresent(winners::add);
      }
      assertThat(winners).hasSize(1);
      Lease winner = winners.get(0);
      assertThat(leasesA.isCurrent(winner)).isTrue();
      assertThat(leasesB.isCurrent(winner)).isTrue();
      assertThat(leasesB.tryAcquire(JOB, "late-comer", Duration.ofSeconds(30))).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aStaleHolderCannotCommitAfterItsLeaseExpiredAndWasTakenByAnother() throws Exception {
    Lease stale = leasesA.tryAcquire(JOB, "worker-a", Duration.ofMillis(300)).orElseThrow();
    cursorsA.commit(CURSOR, progress("page-2", 2, 1, 100), stale);

    Thread.sleep(450);
    Lease fresh = leasesB.tryAcquire(JOB, "worker-b", Duration.ofSeconds(30)).orElseThrow();
    assertThat(fresh.fencingToken()).isGreaterThan(stale.fencingToken());
    cursorsB.commit(CURSOR, progress("page-3", 3, 2, 200), fresh);

    assertThatThrownBy(() -> cursorsA.commit(CURSOR, progress("stale-page-3", 3, 2, 999), stale))
        .isInstanceOf(LeaseLostException.class)
        .hasMessageContaining("no longer held by worker-a");
    assertThat(leasesA.renew(stale, Duration.ofSeconds(30))).isFalse();
    assertThat(leasesA.isCurrent(stale)).isFalse();
    leasesA.release(stale);
    assertThat(leasesB.isCurrent(fresh)).as("a stale release leaves the new holder's lease alone").isTrue();

    CursorState stored = cursorsA.load(CURSOR).orElseThrow();
    assertThat(stored.token()).isEqualTo("page-3");
    assertThat(stored.rows()).isEqualTo(200);
    assertThat(stored.fencingToken()).isEqualTo(fresh.fencingToken());
  }

  @Test
  void anExpiredLeaseNobodyTookStillRefusesTheCommit() throws Exception {
    Lease lease = leasesA.tryAcquire(JOB, "worker-a", Duration.ofMillis(100)).orElseThrow();
    Thread.sleep(250);
    assertThatThrownBy(() -> cursorsA.commit(CURSOR, progress("p2", 2, 1, 10), lease))
        .isInstanceOf(LeaseLostException.class);
    assertThat(cursorsA.load(CURSOR)).isEmpty();
  }

  @Test
  void aCursorWrittenUnderANewerFencingTokenRefusesAnOlderOne() {
    Lease newer = leasesA.tryAcquire(JOB, "worker-a", Duration.ofSeconds(30)).orElseThrow();
    cursorsA.commit(CURSOR, progress("p5", 5, 4, 400), newer);
    leasesA.release(newer);
    // A lease key holding an older token than the cursor's (e.g. restored from a backup): refused.
    Lease older = new Lease(JOB, "worker-b", newer.fencingToken() - 1);
    try (var raw = redis.clients.jedis.RedisClient.create(ns.config().host(), ns.config().port())) {
      raw.psetex(ns.prefix() + "lease:" + JOB, 30_000, RedisJobLeases.value(older));
    }
    assertThat(leasesB.isCurrent(older)).isTrue();
    assertThatThrownBy(() -> cursorsB.commit(CURSOR, progress("p6", 6, 5, 500), older))
        .isInstanceOf(LeaseLostException.class)
        .hasMessageContaining("newer lease");
    assertThat(cursorsB.load(CURSOR).orElseThrow().nextPage()).isEqualTo(5);
  }

  @Test
  void renewKeepsTheLeaseAliveAndReleaseFreesItForTheNextWorker() throws Exception {
    Lease lease = leasesA.tryAcquire(JOB, "worker-a", Duration.ofMillis(300)).orElseThrow();
    for (int i = 0; i < 4; i++) {
      Thread.sleep(150);
      assertThat(leasesA.renew(lease, Duration.ofMillis(300))).isTrue();
    }
    assertThat(leasesB.tryAcquire(JOB, "worker-b", Duration.ofSeconds(1))).isEmpty();
    leasesA.release(lease);
    Lease next = leasesB.tryAcquire(JOB, "worker-b", Duration.ofSeconds(1)).orElseThrow();
    assertThat(next.fencingToken()).isEqualTo(lease.fencingToken() + 1);
  }

  @Test
  void fencingTokensKeepIncreasingWhenTheCounterIsLostButTheCursorIsNot() throws Exception {
    Lease first = leasesA.tryAcquire(JOB, "worker-a", Duration.ofSeconds(30)).orElseThrow();
    cursorsA.commit(CURSOR, progress("p2", 2, 1, 10), first);
    try (var raw = redis.clients.jedis.RedisClient.create(ns.config().host(), ns.config().port())) {
      raw.del(ns.prefix() + "lease:" + JOB, ns.prefix() + "lease:" + JOB + ":fencing");
    }
    Thread.sleep(2);
    Lease afterLoss = leasesB.tryAcquire(JOB, "worker-b", Duration.ofSeconds(30)).orElseThrow();
    assertThat(afterLoss.fencingToken()).isGreaterThan(first.fencingToken());
    cursorsB.commit(CURSOR, progress("p3", 3, 2, 20), afterLoss);
    assertThat(cursorsB.load(CURSOR).orElseThrow().token()).isEqualTo("p3");
  }

  private static CursorState progress(String token, int nextPage, long pages, long rows) {
    return new CursorState(token, nextPage, pages, rows, 0, CursorState.Status.RUNNING, 0, null);
  }
}
