package io.costfleet.state;

import io.costfleet.redis.LuaScript;
import io.costfleet.redis.RedisCoordination;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Job leases in Redis: {@code lease:<jobId>} holds {@code "<fencingToken>:<owner>"} with a
 * time-to-live ({@code SET NX PX}), {@code lease:<jobId>:fencing} the job's fencing counter
 * ({@code INCR}). Taking, renewing and releasing are Lua scripts, so only the owner can renew or
 * release, and a lease that expired cannot be renewed once another worker took it.
 */
public final class RedisJobLeases implements JobLeases {
  /** How long a job's fencing counter outlives its last acquisition. */
  static final Duration FENCING_COUNTER_TTL = Duration.ofDays(7);

  private static final LuaScript ACQUIRE = LuaScript.fromResource(RedisJobLeases.class, "lease-acquire.lua");
  private static final LuaScript RENEW = LuaScript.fromResource(RedisJobLeases.class, "lease-renew.lua");
  private static final LuaScript RELEASE = LuaScript.fromResource(RedisJobLeases.class, "lease-release.lua");

  private final RedisCoordination redis;

  public RedisJobLeases(RedisCoordination redis) {
    this.redis = redis;
  }

  @Override
  public Optional<Lease> tryAcquire(String jobId, String owner, Duration ttl) {
    long token = (Long) redis.eval("acquire lease of job " + jobId, ACQUIRE,
        List.of(leaseKey(jobId), leaseKey(jobId) + ":fencing"),
        List.of(owner, millis(ttl), Long.toString(FENCING_COUNTER_TTL.toMillis())));
    return token == 0 ? Optional.empty() : Optional.of(new Lease(jobId, owner, token));
  }

  @Override
  public boolean renew(Lease lease, Duration ttl) {
    return (Long) redis.eval("renew lease of job " + lease.jobId(), RENEW,
        List.of(leaseKey(lease.jobId())), List.of(value(lease), millis(ttl))) == 1L;
  }

  @Override
  public void release(Lease lease) {
    redis.eval("release lease of job " + lease.jobId(), RELEASE, List.of(leaseKey(lease.jobId())),
        List.of(value(lease)));
  }

  @Override
  public boolean isCurrent(Lease lease) {
    String held = redis.execute("read lease of job " + lease.jobId(), jedis -> jedis.get(leaseKey(lease.jobId())));
    return value(lease).equals(held);
  }

  String leaseKey(String jobId) {
    return redis.key("lease:" + jobId);
  }

  /** What the lease key holds while {@code lease} is current. */
  static String value(Lease lease) {
    return lease.fencingToken() + ":" + lease.owner();
  }

  private static String millis(Duration ttl) {
    if (ttl.toMillis() < 1) {
      throw new IllegalArgumentException("lease ttl must be at least 1ms, was " + ttl);
    }
    return Long.toString(ttl.toMillis());
  }
}
