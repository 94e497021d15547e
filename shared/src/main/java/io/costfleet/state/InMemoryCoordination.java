package io.costfleet.state;

import io.costfleet.redis.RedisGlob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Process-local cursors and leases, for single-process use (the {@code import} command, unit
 * tests). Same contract as the Redis implementations, nothing shared across processes.
 */
public final class InMemoryCoordination implements CursorStore, JobLeases {
  private record Held(Lease lease, Instant expires) {}

  private final Clock clock;
  private final Map<String, CursorState> cursors = new ConcurrentHashMap<>();
  private final Map<String, Held> leases = new HashMap<>();
  private final Map<String, Long> fencing = new HashMap<>();

  public InMemoryCoordination(Clock clock) {
    this.clock = clock;
  }

  public InMemoryCoordination() {
    this(Clock.systemUTC());
  }

  @Override
  public synchronized Optional<Lease> tryAcquire(String jobId, String owner, Duration ttl) {
    Held held = leases.get(jobId);
    Instant now = clock.instant();
    if (held != null && held.expires().isAfter(now)) {
      return Optional.empty();
    }
    long token = fencing.merge(jobId, 1L, Long::sum);
    Lease lease = new Lease(jobId, owner, token);
    leases.put(jobId, new Held(lease, now.plus(ttl)));
    return Optional.of(lease);
  }

  @Override
  public synchronized boolean renew(Lease lease, Duration ttl) {
    if (!isCurrent(lease)) {
      return false;
    }
    leases.put(lease.jobId(), new Held(lease, clock.instant().plus(ttl)));
    return true;
  }

  @Override
  public synchronized void release(Lease lease) {
    Held held = leases.get(lease.jobId());
    if (held != null && held.lease().equals(lease)) {
      leases.remove(lease.jobId());
    }
  }

  @Override
  public synchronized boolean isCurrent(Lease lease) {
    Held held = leases.get(lease.jobId());
    return held != null && held.lease().equals(lease) && held.expires().isAfter(clock.instant());
  }

  @Override
  public Optional<CursorState> load(String cursorName) {
    return Optional.ofNullable(cursors.get(cursorName));
  }

  @Override
  public synchronized void commit(String cursorName, CursorState next, Lease lease) {
    if (!isCurrent(lease)) {
      throw new LeaseLostException("lease of job " + lease.jobId() + " is no longer held by " + lease.owner());
    }
    CursorState stored = cursors.get(cursorName);
    if (stored != null && stored.fencingToken() > lease.fencingToken()) {
      throw new LeaseLostException("cursor " + cursorName + " was written by a newer lease");
    }
    cursors.put(cursorName, new CursorState(next.token(), next.nextPage(), next.pages(), next.rows(),
        next.quarantined(), next.status(), lease.fencingToken(), clock.instant()));
  }

  @Override
  public void delete(String cursorName) {
    cursors.remove(cursorName);
  }

  @Override
  public Map<String, CursorState> list(String glob) {
    Map<String, CursorState> out = new TreeMap<>();
    cursors.forEach((k, v) -> {
      if (RedisGlob.matches(glob, k)) {
        out.put(k, v);
      }
    });
    return out;
  }
}
