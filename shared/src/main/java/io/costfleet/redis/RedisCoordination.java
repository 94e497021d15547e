package io.costfleet.redis;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The process's pooled connection to the coordination Redis, shared by the cursor store, the job
 * leases, the rate limiter and the circuit breaker. Every command goes through {@link #execute}, which
 * turns a lost or refused connection into a {@link CoordinationUnavailableException}.
 *
 * <p>Reconnecting: a broken connection is dropped from the pool and the next command opens a new one.
 * A command that failed on a pooled connection the server had already closed (Redis restarted) is
 * tried once more on a fresh connection. After a failure to connect, commands fail at once, without
 * touching the network, for a back-off that starts at {@link RedisConfig#reconnectBackoff()} and doubles
 * per consecutive failure up to {@link RedisConfig#reconnectBackoffMax()}; the first success resets it.
 * {@link #close()} closes every connection and the pool's idle-evictor thread.
 */
public final class RedisCoordination implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RedisCoordination.class);

  private final RedisConfig config;
  private final RedisClient client;
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private final AtomicLong retryNotBeforeNanos = new AtomicLong(System.nanoTime());
  private final AtomicReference<RuntimeException> lastFailure = new AtomicReference<>();

  private RedisCoordination(RedisConfig config, RedisClient client) {
    this.config = config;
    this.client = client;
  }

  /** A pool for {@code config}; connections are opened on first use, so this never fails for a down Redis. */
  public static RedisCoordination connect(RedisConfig config) {
    return connect(config, "costfleet");
  }

  /** As {@link #connect(RedisConfig)}, naming the connections {@code clientName} in {@code CLIENT LIST}. */
  public static RedisCoordination connect(RedisConfig config, String clientName) {
    DefaultJedisClientConfig.Builder clientConfig = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis((int) config.connectTimeout().toMillis())
        .socketTimeoutMillis((int) config.socketTimeout().toMillis())
        .ssl(config.tls())
        .clientName(clientName);
    if (config.username() != null) {
      clientConfig.user(config.username());
    }
    if (config.password() != null) {
      clientConfig.password(config.password());
    }
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(config.poolSize());
    pool.setMaxIdle(config.poolSize());
    pool.setMinIdle(0);
    pool.setBlockWhenExhausted(true);
    pool.setMaxWait(config.socketTimeout());
    pool.setTestOnBorrow(false);
    pool.setTestWhileIdle(true);
    pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(30));
    pool.setMinEvictableIdleDuration(Duration.ofSeconds(60));
    pool.setJmxEnabled(false);
    RedisClient client = RedisClient.builder()
        .hostAndPort(config.host(), config.port())
        .clientConfig(clientConfig.build())
        .poolConfig(pool)
        .build();
    return new RedisCoordination(config, client);
  }

  public RedisConfig config() {
    return config;
  }

  /** {@code suffix} under the configured key prefix. */
  public String key(String suffix) {
    return config.keyPrefix() + suffix;
  }

  /**
   * Runs {@code command} on a pooled connection.
   *
   * @param operation what is being done, for error messages ({@code "commit cursor aws:..."})
   * @throws CoordinationUnavailableException if Redis cannot be reached or is not serving
   */
  public <T> T execute(String operation, Function<UnifiedJedis, T> command) {
    long now = System.nanoTime();
    long notBefore = retryNotBeforeNanos.get();
    if (now - notBefore < 0) {
      throw new CoordinationUnavailableException("Redis " + endpoint() + " is unreachable (" + operation
          + " not attempted; reconnecting after back-off)", Duration.ofNanos(notBefore - now), lastFailure.get());
    }
    try {
      T result;
      try {
        result = command.apply(client);
      } catch (JedisConnectionException e) {
        if (!isStaleConnection(e)) {
          throw e;
        }
        result = command.apply(client);
      }
      if (consecutiveFailures.get() > 0 && consecutiveFailures.getAndSet(0) > 0) {
        LOG.info("Redis {} reachable again", endpoint());
      }
      return result;
    } catch (JedisConnectionException e) {
      throw connectionLost(operation, e);
    } catch (JedisAccessControlException e) {
      throw new IllegalStateException("Redis " + endpoint() + " refused our credentials (check costfleet.redis.username"
          + " and costfleet.redis.password): " + e.getMessage(), e);
    } catch (JedisDataException e) {
      if (isServerNotServing(e)) {
        throw new CoordinationUnavailableException("Redis " + endpoint() + " is not serving (" + operation + "): "
            + e.getMessage(), config.reconnectBackoff(), e);
      }
      throw new IllegalStateException("Redis rejected " + operation + ": " + e.getMessage(), e);
    } catch (JedisException e) {
      if (hasCause(e, NoSuchElementException.class)) {
        throw new CoordinationUnavailableException("no free Redis connection within " + config.socketTimeout()
            + " (costfleet.redis.pool-size=" + config.poolSize() + ") for " + operation, config.reconnectBackoff(), e);
      }
      throw connectionLost(operation, e);
    }
  }

  /** Runs a Lua script (see {@link LuaScript}). */
  public Object eval(String operation, LuaScript script, List<String> keys, List<String> args) {
    return execute(operation, jedis -> script.run(jedis, keys, args));
  }

  private CoordinationUnavailableException connectionLost(String operation, JedisException e) {
    int failures = consecutiveFailures.incrementAndGet();
    long backoff = backoffNanos(failures);
    retryNotBeforeNanos.set(System.nanoTime() + backoff);
    CoordinationUnavailableException typed = new CoordinationUnavailableException(
        "Redis " + endpoint() + " unreachable during " + operation + ": " + e.getMessage(), Duration.ofNanos(backoff), e);
    lastFailure.set(typed);
    if (failures == 1) {
      LOG.warn("Redis {} unreachable ({}); failing coordination calls fast, retrying the connection with back-off",
          endpoint(), e.getMessage());
    }
    return typed;
  }

  private long backoffNanos(int failures) {
    long initial = config.reconnectBackoff().toNanos();
    long max = config.reconnectBackoffMax().toNanos();
    int shift = Math.min(failures - 1, 30);
    long b = initial << shift;
    return b <= 0 || b > max ? max : b;
  }

  /** A pooled connection the server had closed: writing or reading it failed, not connecting. */
  private static boolean isStaleConnection(JedisConnectionException e) {
    return !hasCause(e, ConnectException.class) && !hasCause(e, SocketTimeoutException.class)
        && !hasCause(e, UnknownHostException.class) && !hasCause(e, NoSuchElementException.class)
        && !String.valueOf(e.getMessage()).startsWith("Failed to connect");
  }

  private static boolean isServerNotServing(JedisDataException e) {
    String m = String.valueOf(e.getMessage());
    return m.startsWith("LOADING") || m.startsWith("BUSY") || m.startsWith("READONLY") || m.startsWith("MASTERDOWN")
        || m.startsWith("TRYAGAIN") || m.startsWith("CLUSTERDOWN") || m.startsWith("OOM");
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  private String endpoint() {
    return config.host() + ":" + config.port();
  }

  @Override
  public void close() {
    client.close();
  }
}
