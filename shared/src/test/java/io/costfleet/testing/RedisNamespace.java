package io.costfleet.testing;

import io.costfleet.redis.RedisConfig;
import io.costfleet.redis.RedisCoordination;
import io.costfleet.redis.RedisGlob;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * A private key prefix ({@code cftest-xxxxxxxx:}) on the real Redis at 127.0.0.1 (override with
 * {@code -Dcostfleet.redis.host/port}). {@link #close()} deletes every key under it and closes the
 * connections it opened. Never flushes the database: other test runs share it.
 */
public final class RedisNamespace implements AutoCloseable {
  private final String prefix;
  private final RedisConfig config;
  private final List<RedisCoordination> opened = new ArrayList<>();

  private RedisNamespace(String prefix) {
    this.prefix = prefix;
    this.config = RedisConfig.defaults()
        .withHostAndPort(System.getProperty("costfleet.redis.host", "127.0.0.1"), Integer.getInteger("costfleet.redis.port", 6379))
        .withKeyPrefix(prefix);
  }

  public static RedisNamespace create() {
    return new RedisNamespace("cftest-" + UUID.randomUUID().toString().substring(0, 8) + ":");
  }

  public String prefix() {
    return prefix;
  }

  public RedisConfig config() {
    return config;
  }

  /** A new pool (a "worker") on this namespace, closed with the namespace. */
  public synchronized RedisCoordination connect() {
    RedisCoordination c = RedisCoordination.connect(config, prefix.substring(0, prefix.length() - 1));
    opened.add(c);
    return c;
  }

  /** Keys under the prefix, full names. */
  public List<String> keys() {
    try (RedisClient client = RedisClient.create(config.host(), config.port())) {
      List<String> keys = new ArrayList<>();
      ScanParams params = new ScanParams().match(RedisGlob.escape(prefix) + "*").count(1000);
      String cursor = ScanParams.SCAN_POINTER_START;
      do {
        ScanResult<String> page = client.scan(cursor, params);
        keys.addAll(page.getResult());
        cursor = page.getCursor();
      } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
      return keys;
    }
  }

  /** "Redis lost everything": deletes every key under the prefix. */
  public void deleteAll() {
    List<String> keys = keys();
    if (!keys.isEmpty()) {
      try (RedisClient client = RedisClient.create(config.host(), config.port())) {
        client.del(keys.toArray(String[]::new));
      }
    }
  }

  @Override
  public synchronized void close() {
    try {
      deleteAll();
    } finally {
      opened.forEach(RedisCoordination::close);
      opened.clear();
    }
  }
}
