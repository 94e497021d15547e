package io.costfleet.degrade;

import io.costfleet.redis.LuaScript;
import io.costfleet.redis.RedisCoordination;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import redis.clients.jedis.Response;
import redis.clients.jedis.AbstractPipeline;

/**
 * Snapshots in the coordination Redis: {@code lastgood:<provider>:<account>} is a hash with one field
 * per period (the snapshot's JSON) and {@code <period>:asof}; {@code lastgood-accounts} indexes the
 * accounts and {@code lastgood-version} counts the changes, so a reader re-reads only after one.
 * Every call may throw {@link io.costfleet.redis.CoordinationUnavailableException}.
 */
public final class RedisLastGoodStore implements LastGoodStore {
  private static final LuaScript PUT = LuaScript.fromResource(RedisLastGoodStore.class, "lastgood-put.lua");
  /** Snapshots outlive their period by a year: budgets of last year stay answerable. */
  static final Duration KEY_TTL = Duration.ofDays(400);

  private final RedisCoordination redis;

  public RedisLastGoodStore(RedisCoordination redis) {
    this.redis = redis;
  }

  @Override
  public void put(SpendSnapshot snapshot) {
    redis.eval("store last-good snapshot " + snapshot.key() + " " + snapshot.period(), PUT,
        List.of(key(snapshot.key()), redis.key("lastgood-accounts"), redis.key("lastgood-version")),
        List.of(snapshot.period().toString(), Long.toString(snapshot.asOf().toEpochMilli()),
            SnapshotCodec.encode(snapshot), snapshot.key(), Long.toString(KEY_TTL.toMillis())));
  }

  @Override
  public List<SpendSnapshot> period(YearMonth period) {
    List<String> json = redis.execute("read last-good snapshots of " + period, jedis -> {
      Set<String> accounts = jedis.smembers(redis.key("lastgood-accounts"));
      List<Response<String>> replies = new ArrayList<>(accounts.size());
      try (AbstractPipeline pipeline = jedis.pipelined()) {
        for (String account : accounts) {
          replies.add(pipeline.hget(key(account), period.toString()));
        }
        pipeline.sync();
      }
      List<String> out = new ArrayList<>(replies.size());
      for (Response<String> r : replies) {
        if (r.get() != null) {
          out.add(r.get());
        }
      }
      return out;
    });
    List<SpendSnapshot> out = new ArrayList<>(json.size());
    for (String j : json) {
      out.add(SnapshotCodec.decode(j));
    }
    return out;
  }

  /** The change counter: equal values mean nothing was stored in between. */
  public long version() {
    String v = redis.execute("read last-good version", jedis -> jedis.get(redis.key("lastgood-version")));
    return v == null ? 0 : Long.parseLong(v);
  }

  private String key(String providerAccount) {
    return redis.key("lastgood:" + providerAccount);
  }
}
