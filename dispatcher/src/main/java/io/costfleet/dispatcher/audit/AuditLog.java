package io.costfleet.dispatcher.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;
import io.costfleet.redis.RedisCoordination;

/**
 * What operators did (replays, purges, backfills, restatements, closes): one log line on the
 * {@code costfleet.audit} logger each, and the latest {@value #KEEP} entries in Redis ({@code audit} list) for
 * the API. Entries never hold credentials.
 */
public final class AuditLog {
  private static final Logger LOG = Logger.getLogger("costfleet.audit");
  public static final int KEEP = 1000;

  /** One audited action. {@code details} values are short strings. */
  public record Entry(Instant at, String action, String operator, String remote, Map<String, String> details) {}

  private final RedisCoordination redis;
  private final String key;
  private final ObjectMapper mapper;
  private final Clock clock;

  public AuditLog(RedisCoordination redis, ObjectMapper mapper, Clock clock) {
    this.redis = Objects.requireNonNull(redis, "redis");
    this.key = redis.key("audit");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public Entry record(String action, String operator, String remote, Map<String, String> details) {
    Entry entry = new Entry(clock.instant(), action, operator, remote, new LinkedHashMap<>(details));
    StringBuilder line = new StringBuilder("action=").append(action).append(" operator=").append(operator)
        .append(" remote=").append(remote);
    details.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
    LOG.info(line);
    try {
      String json = mapper.writeValueAsString(entry);
      redis.execute("audit", j -> {
        j.lpush(key, json);
        return j.ltrim(key, 0, KEEP - 1);
      });
    } catch (JsonProcessingException | RuntimeException e) {
      LOG.errorf("audit entry not kept in Redis (the log line above stands): %s", e.getMessage());
    }
    return entry;
  }

  /** The latest entries, newest first. */
  public List<Entry> recent(int limit) {
    List<Entry> out = new ArrayList<>();
    for (String json : redis.execute("read audit", j -> j.lrange(key, 0, Math.max(0, limit - 1)))) {
      try {
        out.add(mapper.readValue(json, Entry.class));
      } catch (JsonProcessingException e) {
        LOG.warnf("unreadable audit entry skipped: %s", e.getMessage());
      }
    }
    return out;
  }
}
