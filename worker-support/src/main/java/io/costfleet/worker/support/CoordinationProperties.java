package io.costfleet.worker.support;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code costfleet.redis.*}: the Redis that holds the fleet's cursors, leases, rate-limit buckets
 * and circuits.
 *
 * @param host      Redis host
 * @param port      Redis port
 * @param user      ACL user (optional)
 * @param password  password (optional)
 * @param database  database index
 * @param keyPrefix prefix of every key costfleet writes (tests use a private one)
 * @param timeout   connect and command timeout
 */
@ConfigurationProperties("costfleet.redis")
public record CoordinationProperties(
    @DefaultValue("127.0.0.1") String host,
    @DefaultValue("6379") int port,
    String user,
    String password,
    @DefaultValue("0") int database,
    @DefaultValue("costfleet:") String keyPrefix,
    @DefaultValue("2s") Duration timeout) {

  public CoordinationProperties {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("costfleet.redis.host must not be blank");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("costfleet.redis.port must be a TCP port, was " + port);
    }
    if (database < 0) {
      throw new IllegalArgumentException("costfleet.redis.database must be >= 0, was " + database);
    }
    if (keyPrefix == null || keyPrefix.isBlank()) {
      throw new IllegalArgumentException("costfleet.redis.key-prefix must not be blank");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("costfleet.redis.timeout must be a positive duration, was " + timeout);
    }
  }
}
