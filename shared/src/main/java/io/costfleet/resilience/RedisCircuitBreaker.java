package io.costfleet.resilience;

import io.costfleet.redis.LuaScript;
import io.costfleet.redis.RedisCoordination;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet's shared circuit breaker: one hash per {@code (provider, endpoint)} at
 * {@code breaker:<provider>:<endpoint>}, changed only by Lua scripts on the Redis clock, so the
 * whole fleet opens together. Once the open period is over, the first caller anywhere in the fleet
 * takes the probe key {@code breaker:<provider>:<endpoint>:probe} ({@code SET NX PX}) and is the only
 * call that reaches the endpoint; every other caller gets {@link CallNotPermittedException} until the
 * probe's outcome closes or re-opens the circuit.
 *
 * <p>Each call costs two Redis round trips (admit, record). Redis unreachable: {@link #execute}
 * throws {@link io.costfleet.redis.CoordinationUnavailableException} before the call, or after a
 * call whose outcome it could not record (a failed call's own exception is rethrown, the Redis error
 * attached as suppressed).
 */
public final class RedisCircuitBreaker implements CircuitBreaker {
  private static final Logger LOG = LoggerFactory.getLogger(RedisCircuitBreaker.class);
  private static final LuaScript ADMIT = LuaScript.fromResource(RedisCircuitBreaker.class, "admit.lua");
  private static final LuaScript RECORD = LuaScript.fromResource(RedisCircuitBreaker.class, "record.lua");
  private static final LuaScript STATE = LuaScript.fromResource(RedisCircuitBreaker.class, "state.lua");

  private final RedisCoordination redis;
  private final CircuitBreakerConfig config;
  private final List<CircuitBreakerListener> listeners;
  private final String instanceId = UUID.randomUUID().toString();

  public RedisCircuitBreaker(RedisCoordination redis, CircuitBreakerConfig config, List<CircuitBreakerListener> listeners) {
    this.redis = redis;
    this.config = config;
    this.listeners = List.copyOf(listeners);
  }

  public RedisCircuitBreaker(RedisCoordination redis, CircuitBreakerConfig config) {
    this(redis, config, List.of());
  }

  @Override
  public <T> T execute(String provider, String endpoint, Supplier<T> call) {
    List<String> keys = keys(provider, endpoint);
    String probeId = instanceId + ":" + Thread.currentThread().getId() + ":" + System.nanoTime();
    List<?> admission = (List<?>) redis.eval("admit a call to circuit " + name(provider, endpoint), ADMIT, keys,
        List.of(probeId, millis(config.probeTimeout()), millis(config.keyTimeToLive())));
    String decision = (String) admission.get(0);
    observe(provider, endpoint, (String) admission.get(1), (String) admission.get(2));
    if (decision.equals("DENY")) {
      throw new CallNotPermittedException(name(provider, endpoint), Duration.ofMillis((Long) admission.get(3)));
    }
    String probe = decision.equals("PROBE") ? probeId : "";
    T result;
    try {
      result = call.get();
    } catch (RuntimeException e) {
      try {
        record(provider, endpoint, config.recordFailure().test(e), probe);
      } catch (RuntimeException recordFailed) {
        e.addSuppressed(recordFailed);
      }
      throw e;
    }
    record(provider, endpoint, false, probe);
    return result;
  }

  @Override
  public State state(String provider, String endpoint) {
    String state = (String) redis.eval("read circuit " + name(provider, endpoint), STATE,
        List.of(keys(provider, endpoint).get(0)), List.of());
    State s = State.valueOf(state);
    listeners.forEach(l -> l.onState(provider, endpoint, s));
    return s;
  }

  private void record(String provider, String endpoint, boolean failed, String probe) {
    List<?> moved = (List<?>) redis.eval("record an outcome of circuit " + name(provider, endpoint), RECORD,
        keys(provider, endpoint), List.of(failed ? "F" : "S", probe,
            Integer.toString(config.consecutiveFailureThreshold()), Integer.toString(config.failureRateThreshold()),
            Integer.toString(config.minimumNumberOfCalls()), millis(config.failureRateWindow()),
            millis(config.waitDurationInOpenState()), millis(config.keyTimeToLive())));
    observe(provider, endpoint, (String) moved.get(0), (String) moved.get(1));
  }

  private void observe(String provider, String endpoint, String fromName, String toName) {
    State from = State.valueOf(fromName);
    State to = State.valueOf(toName);
    if (from != to) {
      if (to == State.OPEN) {
        LOG.warn("circuit {} {} -> {}: the fleet stops calling it for {}", name(provider, endpoint), from, to,
            config.waitDurationInOpenState());
      } else {
        LOG.info("circuit {} {} -> {}", name(provider, endpoint), from, to);
      }
      listeners.forEach(l -> l.onTransition(provider, endpoint, from, to));
    }
    listeners.forEach(l -> l.onState(provider, endpoint, to));
  }

  private List<String> keys(String provider, String endpoint) {
    String key = redis.key("breaker:" + provider + ":" + endpoint);
    return List.of(key, key + ":probe");
  }

  private static String name(String provider, String endpoint) {
    return provider + ":" + endpoint;
  }

  private static String millis(Duration d) {
    return Long.toString(Math.max(1, d.toMillis()));
  }
}
