package io.costfleet.quota;

import io.costfleet.redis.LuaScript;
import io.costfleet.redis.RedisCoordination;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import redis.clients.jedis.params.SetParams;

/**
 * The breach guard in the coordination Redis: {@code budget-breach:<id>} holds {@code pending:<token>}
 * while one replica publishes (for at most {@code pendingTtl}), then {@code published} for
 * {@code retention} (longer than any period). Redis out of reach throws
 * {@link io.costfleet.redis.CoordinationUnavailableException}: no breach is announced without the guard.
 */
public final class RedisBreachGuard implements BreachGuard {
  private static final LuaScript SETTLE = LuaScript.fromResource(RedisBreachGuard.class, "breach-settle.lua");

  private final RedisCoordination redis;
  private final Duration pendingTtl;
  private final Duration retention;

  public RedisBreachGuard(RedisCoordination redis, Duration pendingTtl, Duration retention) {
    this.redis = redis;
    this.pendingTtl = pendingTtl;
    this.retention = retention;
  }

  /** Claims lapse after 2 minutes; announcements are remembered for 400 days. */
  public RedisBreachGuard(RedisCoordination redis) {
    this(redis, Duration.ofMinutes(2), Duration.ofDays(400));
  }

  @Override
  public Optional<String> claim(String id) {
    String token = UUID.randomUUID().toString();
    String reply = redis.execute("claim budget breach " + id, jedis -> jedis.set(key(id), "pending:" + token,
        SetParams.setParams().nx().px(pendingTtl.toMillis())));
    return "OK".equals(reply) ? Optional.of(token) : Optional.empty();
  }

  @Override
  public void confirm(String id, String token) {
    redis.eval("confirm budget breach " + id, SETTLE, List.of(key(id)),
        List.of("pending:" + token, "published", Long.toString(retention.toMillis())));
  }

  @Override
  public void release(String id, String token) {
    redis.eval("release budget breach " + id, SETTLE, List.of(key(id)), List.of("pending:" + token, "", "0"));
  }

  private String key(String id) {
    return redis.key("budget-breach:" + id);
  }
}
