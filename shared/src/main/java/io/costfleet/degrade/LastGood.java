package io.costfleet.degrade;

import io.costfleet.redis.CoordinationUnavailableException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last-good snapshots with their two homes: Redis (shared by every dispatcher replica) and the
 * replica's local cache. Writes go to the local cache first, then Redis. Reads come from Redis,
 * re-read only when its change counter moved, and copy what they read into the local cache; when
 * Redis cannot be reached, reads come from the local cache and say so ({@link Read#store()}).
 * Thread-safe.
 */
public final class LastGood {
  private static final Logger LOG = LoggerFactory.getLogger(LastGood.class);

  /** Where a read was answered from. */
  public enum Store {
    REDIS, LOCAL;

    /** {@code redis} or {@code local}, the metric tag and API value. */
    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The snapshots of a period, where they came from, and why Redis was not used (empty when it was).
   */
  public record Read(YearMonth period, List<SpendSnapshot> snapshots, Store store, Optional<String> redisFailure) {
    public Read {
      snapshots = List.copyOf(snapshots);
    }
  }

  private record Cached(long version, List<SpendSnapshot> snapshots) {}

  private final RedisLastGoodStore redis;
  private final LastGoodStore local;
  private final Map<YearMonth, Cached> cache = new ConcurrentHashMap<>();
  private final Map<String, Instant> copiedToLocal = new ConcurrentHashMap<>();

  public LastGood(RedisLastGoodStore redis, LastGoodStore local) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.local = Objects.requireNonNull(local, "local");
  }

  /**
   * Stores a snapshot in the local cache, then in Redis.
   *
   * @throws CoordinationUnavailableException when Redis is out of reach (the local cache has it)
   */
  public void put(SpendSnapshot snapshot) {
    local.put(snapshot);
    copiedToLocal.merge(localKey(snapshot), snapshot.asOf(), (a, b) -> a.isAfter(b) ? a : b);
    redis.put(snapshot);
  }

  /** The period's snapshots from Redis, or from the local cache when Redis is out of reach. */
  public Read read(YearMonth period) {
    List<SpendSnapshot> snapshots;
    try {
      long version = redis.version();
      Cached c = cache.get(period);
      if (c != null && c.version() == version) {
        snapshots = c.snapshots();
      } else {
        snapshots = List.copyOf(redis.period(period));
        cache.put(period, new Cached(version, snapshots));
      }
    } catch (CoordinationUnavailableException e) {
      return new Read(period, local.period(period), Store.LOCAL, Optional.of(e.getMessage()));
    }
    copyToLocal(snapshots);
    return new Read(period, snapshots, Store.REDIS, Optional.empty());
  }

  private void copyToLocal(List<SpendSnapshot> snapshots) {
    for (SpendSnapshot s : snapshots) {
      Instant copied = copiedToLocal.get(localKey(s));
      if (copied == null || copied.isBefore(s.asOf())) {
        try {
          local.put(s);
          copiedToLocal.put(localKey(s), s.asOf());
        } catch (UncheckedIOException e) {
          // the answer from Redis stands; only the fallback for a later Redis outage is older than it could be
          LOG.warn("local last-good cache not updated with {} {}: {}", s.key(), s.period(), e.getMessage());
          return;
        }
      }
    }
  }

  private static String localKey(SpendSnapshot s) {
    return s.key() + "|" + s.period();
  }
}
