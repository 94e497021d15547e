package io.costfleet.state;

import io.costfleet.redis.LuaScript;
import io.costfleet.redis.RedisGlob;
import io.costfleet.redis.RedisCoordination;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Cursors in Redis: one hash per job at {@code cursor:<cursorName>} with fields {@code token},
 * {@code nextPage}, {@code pages}, {@code rows}, {@code quarantined}, {@code status}, {@code fencing}
 * and {@code updatedAt} (epoch ms, Redis clock). A commit is one Lua script that checks, atomically
 * with the write, that the lease key still holds this lease and that the stored fencing token is not
 * newer than the lease's. Cursors do not expire: the operator API lists and deletes them.
 */
public final class RedisCursorStore implements CursorStore {
  private static final LuaScript COMMIT = LuaScript.fromResource(RedisCursorStore.class, "cursor-commit.lua");
  private static final int SCAN_COUNT = 500;

  private final RedisCoordination redis;

  public RedisCursorStore(RedisCoordination redis) {
    this.redis = redis;
  }

  @Override
  public Optional<CursorState> load(String cursorName) {
    Map<String, String> hash = redis.execute("load cursor " + cursorName, jedis -> jedis.hgetAll(cursorKey(cursorName)));
    return decode(hash);
  }

  @Override
  public void commit(String cursorName, CursorState next, Lease lease) {
    String outcome = (String) redis.eval("commit cursor " + cursorName, COMMIT,
        List.of(cursorKey(cursorName), redis.key("lease:" + lease.jobId())),
        List.of(RedisJobLeases.value(lease), Long.toString(lease.fencingToken()),
            next.token() == null ? "0" : "1", next.token() == null ? "" : next.token(),
            Integer.toString(next.nextPage()), Long.toString(next.pages()), Long.toString(next.rows()),
            Long.toString(next.quarantined()), next.status().name()));
    switch (outcome) {
      case "OK" -> { }
      case "LEASE_LOST" -> throw new LeaseLostException("lease of job " + lease.jobId() + " (fencing token "
          + lease.fencingToken() + ") is no longer held by " + lease.owner() + "; cursor " + cursorName + " not committed");
      case "FENCED" -> throw new LeaseLostException("cursor " + cursorName + " was written by a newer lease than "
          + lease.owner() + "'s (fencing token " + lease.fencingToken() + ")");
      default -> throw new IllegalStateException("unexpected cursor commit outcome " + outcome);
    }
  }

  @Override
  public void delete(String cursorName) {
    redis.execute("delete cursor " + cursorName, jedis -> jedis.del(cursorKey(cursorName)));
  }

  @Override
  public Map<String, CursorState> list(String glob) {
    String prefix = redis.key("cursor:");
    String match = RedisGlob.escape(prefix) + glob;
    Set<String> keys = new LinkedHashSet<>();
    redis.execute("list cursors " + glob, jedis -> {
      String cursor = ScanParams.SCAN_POINTER_START;
      ScanParams params = new ScanParams().match(match).count(SCAN_COUNT);
      do {
        ScanResult<String> page = jedis.scan(cursor, params);
        keys.addAll(page.getResult());
        cursor = page.getCursor();
      } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
      return null;
    });
    Map<String, CursorState> out = new TreeMap<>();
    List<String> ordered = new ArrayList<>(keys);
    for (String key : ordered) {
      Map<String, String> hash = redis.execute("load cursor " + key, jedis -> jedis.hgetAll(key));
      decode(hash).ifPresent(state -> out.put(key.substring(prefix.length()), state));
    }
    return out;
  }

  private String cursorKey(String cursorName) {
    return redis.key("cursor:" + cursorName);
  }

  private static Optional<CursorState> decode(Map<String, String> h) {
    if (h == null || h.isEmpty() || h.get("nextPage") == null) {
      return Optional.empty();
    }
    return Optional.of(new CursorState(h.get("token"), Integer.parseInt(h.get("nextPage")),
        Long.parseLong(h.get("pages")), Long.parseLong(h.get("rows")), Long.parseLong(h.get("quarantined")),
        CursorState.Status.valueOf(h.get("status")), Long.parseLong(h.get("fencing")),
        Instant.ofEpochMilli(Long.parseLong(h.get("updatedAt")))));
  }
}
