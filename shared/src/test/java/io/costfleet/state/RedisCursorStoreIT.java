package io.costfleet.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costfleet.testing.RedisNamespace;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cursor commits, listing and loss of every key on the real Redis. */
class RedisCursorStoreIT {
  private RedisNamespace ns;
  private RedisJobLeases leases;
  private RedisCursorStore cursors;

  @BeforeEach
  void store() {
    ns = RedisNamespace.create();
    var redis = ns.connect();
    leases = new RedisJobLeases(redis);
    cursors = new RedisCursorStore(redis);
  }

  @AfterEach
  void clean() {
    ns.close();
  }

  @Test
  void aCommittedCursorLoadsBackFieldForField() {
    Lease lease = leases.tryAcquire("job-1", "w1", Duration.ofSeconds(30)).orElseThrow();
    Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    cursors.commit("gcp:bigquery:billing-01:2026-10:usage:g0",
        new CursorState("eyJvZmZzZXQiOjUwMDB9", 6, 5, 5000, 3, CursorState.Status.RUNNING, 0, null), lease);

    CursorState loaded = cursors.load("gcp:bigquery:billing-01:2026-10:usage:g0").orElseThrow();
    assertThat(loaded.token()).isEqualTo("eyJvZmZzZXQiOjUwMDB9");
    assertThat(loaded.nextPage()).isEqualTo(6);
    assertThat(loaded.pages()).isEqualTo(5);
    assertThat(loaded.rows()).isEqualTo(5000);
    assertThat(loaded.quarantined()).isEqualTo(3);
    assertThat(loaded.status()).isEqualTo(CursorState.Status.RUNNING);
    assertThat(loaded.fencingToken()).isEqualTo(lease.fencingToken());
    assertThat(loaded.updatedAt()).isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));

    cursors.commit("gcp:bigquery:billing-01:2026-10:usage:g0",
        new CursorState(null, 7, 6, 5100, 3, CursorState.Status.DONE, 0, null), lease);
    CursorState done = cursors.load("gcp:bigquery:billing-01:2026-10:usage:g0").orElseThrow();
    assertThat(done.token()).as("a null next-page token clears the stored one").isNull();
    assertThat(done.done()).isTrue();
  }

  @Test
  void anUnknownCursorLoadsEmptyAndDeleteRemovesOne() {
    assertThat(cursors.load("aws:ce:1:2026-10:usage:g0")).isEmpty();
    Lease lease = leases.tryAcquire("job-2", "w1", Duration.ofSeconds(30)).orElseThrow();
    cursors.commit("aws:ce:1:2026-10:usage:g0", new CursorState("t", 2, 1, 1, 0, CursorState.Status.RUNNING, 0, null), lease);
    cursors.delete("aws:ce:1:2026-10:usage:g0");
    assertThat(cursors.load("aws:ce:1:2026-10:usage:g0")).isEmpty();
  }

  @Test
  void listMatchesRedisGlobsAsTheInMemoryStoreDoes() {
    InMemoryCoordination memory = new InMemoryCoordination();
    String[] names = {
        "aws:cur:111:2026-10:usage:2026-10-01_2026-11-01:g0",
        "aws:ce:222:2026-10:amortized:2026-10-01_2026-11-01:g0",
        "aws:ce:222:2026-09:usage:2026-09-01_2026-10-01:g0",
        "azure:query-api:sub-1:2026-10:usage:2026-10-01_2026-11-01:g1",
        "gcp:bigquery:bill-[x]*:2026-10:usage:2026-10-01_2026-11-01:g0"};
    for (String name : names) {
      Lease lease = leases.tryAcquire(name, "w", Duration.ofSeconds(30)).orElseThrow();
      cursors.commit(name, new CursorState("t", 2, 1, 10, 0, CursorState.Status.RUNNING, 0, null), lease);
      Lease local = memory.tryAcquire(name, "w", Duration.ofSeconds(30)).orElseThrow();
      memory.commit(name, new CursorState("t", 2, 1, 10, 0, CursorState.Status.RUNNING, 0, null), local);
    }
    for (String glob : new String[] {"aws:*:2026-10:*", "*", "a*:g0", "*:2026-0[9]:*", "gcp:*:bill-\\[x\\]\\*:*",
        "azure:query-api:sub-?:*", "nothing:*"}) {
      assertThat(cursors.list(glob).keySet()).as(glob).isEqualTo(memory.list(glob).keySet());
    }
    assertThat(cursors.list("aws:*:2026-10:*")).containsOnlyKeys(names[0], names[1]);
    assertThat(cursors.list("aws:*:2026-10:*").get(names[1]).rows()).isEqualTo(10);
  }

  @Test
  void losingEveryKeyMidJobMakesTheJobRestartFromItsFirstPage() {
    String cursor = "azure:query-api:sub-1:2026-10:usage:2026-10-01_2026-11-01:g0";
    Lease lease = leases.tryAcquire("job-3", "w1", Duration.ofSeconds(30)).orElseThrow();
    for (int page = 1; page <= 3; page++) {
      cursors.commit(cursor, new CursorState("skip-" + page, page + 1, page, page * 100L, 0,
          CursorState.Status.RUNNING, 0, null), lease);
    }
    assertThat(cursors.load(cursor).orElseThrow().nextPage()).isEqualTo(4);

    ns.deleteAll();

    assertThat(cursors.load(cursor)).as("after the loss the runner starts again from page 1").isEmpty();
    assertThat(leases.isCurrent(lease)).isFalse();
    assertThatThrownBy(() -> cursors.commit(cursor, new CursorState("skip-4", 5, 4, 400, 0,
        CursorState.Status.RUNNING, 0, null), lease)).isInstanceOf(LeaseLostException.class);
    assertThat(cursors.load(cursor)).as("a refused commit writes nothing").isEmpty();

    Lease again = leases.tryAcquire("job-3", "w1", Duration.ofSeconds(30)).orElseThrow();
    assertThat(again.fencingToken()).isGreaterThan(lease.fencingToken());
    cursors.commit(cursor, new CursorState("skip-1", 2, 1, 100, 0, CursorState.Status.RUNNING, 0, null), again);
    assertThat(cursors.load(cursor).orElseThrow().rows()).isEqualTo(100);
  }
}
