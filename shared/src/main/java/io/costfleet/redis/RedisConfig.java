package io.costfleet.redis;

import java.time.Duration;

/**
 * How to reach the Redis that coordinates the fleet. Bound from {@code costfleet.redis.*} by the
 * apps; a missing value (null, or 0 for numbers) takes the default, an invalid one fails at start-up
 * naming its key.
 *
 * @param host server host ({@code costfleet.redis.host}, default 127.0.0.1)
 * @param port server port ({@code costfleet.redis.port}, default 6379)
 * @param username ACL user, null for the default user ({@code costfleet.redis.username})
 * @param password password, null for none ({@code costfleet.redis.password})
 * @param tls connect over TLS, trusting the JVM's trust store ({@code costfleet.redis.tls}, default false)
 * @param connectTimeout TCP connect timeout ({@code costfleet.redis.connect-timeout}, default 2s)
 * @param socketTimeout read timeout of one command ({@code costfleet.redis.socket-timeout}, default 2s)
 * @param poolSize most connections held per process ({@code costfleet.redis.pool-size}, default 16)
 * @param keyPrefix prefix of every key ({@code costfleet.redis.key-prefix}, default {@code costfleet:})
 * @param reconnectBackoff wait after a first connection failure before trying Redis again
 *     ({@code costfleet.redis.reconnect-backoff}, default 100ms); doubles per consecutive failure
 * @param reconnectBackoffMax the longest such wait ({@code costfleet.redis.reconnect-backoff-max}, default 5s)
 */
public record RedisConfig(String host, int port, String username, String password, boolean tls,
    Duration connectTimeout, Duration socketTimeout, int poolSize, String keyPrefix,
    Duration reconnectBackoff, Duration reconnectBackoffMax) {

  public static final String DEFAULT_KEY_PREFIX = "costfleet:";

  public RedisConfig {
    host = host == null || host.isBlank() ? "127.0.0.1" : host.strip();
    port = port == 0 ? 6379 : port;
    username = blankToNull(username);
    password = blankToNull(password);
    connectTimeout = orDefault(connectTimeout, Duration.ofSeconds(2), "connect-timeout");
    socketTimeout = orDefault(socketTimeout, Duration.ofSeconds(2), "socket-timeout");
    poolSize = poolSize == 0 ? 16 : poolSize;
    keyPrefix = keyPrefix == null ? DEFAULT_KEY_PREFIX : keyPrefix;
    reconnectBackoff = orDefault(reconnectBackoff, Duration.ofMillis(100), "reconnect-backoff");
    reconnectBackoffMax = orDefault(reconnectBackoffMax, Duration.ofSeconds(5), "reconnect-backoff-max");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("costfleet.redis.port must be 1..65535, was " + port);
    }
    if (poolSize < 1) {
      throw new IllegalArgumentException("costfleet.redis.pool-size must be >= 1, was " + poolSize);
    }
    if (keyPrefix.isBlank()) {
      throw new IllegalArgumentException("costfleet.redis.key-prefix must not be blank");
    }
    if (reconnectBackoffMax.compareTo(reconnectBackoff) < 0) {
      throw new IllegalArgumentException("costfleet.redis.reconnect-backoff-max (" + reconnectBackoffMax
          + ") must not be shorter than costfleet.redis.reconnect-backoff (" + reconnectBackoff + ")");
    }
    if (connectTimeout.toMillis() > Integer.MAX_VALUE || socketTimeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("costfleet.redis timeouts must fit in int milliseconds");
    }
  }

  /** Every default: 127.0.0.1:6379, no password, no TLS, prefix {@code costfleet:}. */
  public static RedisConfig defaults() {
    return new RedisConfig(null, 0, null, null, false, null, null, 0, null, null, null);
  }

  public RedisConfig withHostAndPort(String newHost, int newPort) {
    return new RedisConfig(newHost, newPort, username, password, tls, connectTimeout, socketTimeout, poolSize,
        keyPrefix, reconnectBackoff, reconnectBackoffMax);
  }

  public RedisConfig withKeyPrefix(String newKeyPrefix) {
    return new RedisConfig(host, port, username, password, tls, connectTimeout, socketTimeout, poolSize,
        newKeyPrefix, reconnectBackoff, reconnectBackoffMax);
  }

  public RedisConfig withPoolSize(int newPoolSize) {
    return new RedisConfig(host, port, username, password, tls, connectTimeout, socketTimeout, newPoolSize,
        keyPrefix, reconnectBackoff, reconnectBackoffMax);
  }

  public RedisConfig withTimeouts(Duration newConnectTimeout, Duration newSocketTimeout) {
    return new RedisConfig(host, port, username, password, tls, newConnectTimeout, newSocketTimeout, poolSize,
        keyPrefix, reconnectBackoff, reconnectBackoffMax);
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "RedisConfig[" + (tls ? "rediss://" : "redis://") + (username == null ? "" : username + "@")
        + host + ":" + port + ", password=" + (password == null ? "none" : "***") + ", connectTimeout="
        + connectTimeout + ", socketTimeout=" + socketTimeout + ", poolSize=" + poolSize + ", keyPrefix="
        + keyPrefix + ", reconnectBackoff=" + reconnectBackoff + ".." + reconnectBackoffMax + "]";
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static Duration orDefault(Duration d, Duration dflt, String key) {
    if (d == null || d.isZero()) {
      return dflt;
    }
    if (d.isNegative()) {
      throw new IllegalArgumentException("costfleet.redis." + key + " must be positive, was " + d);
    }
    return d;
  }
}
