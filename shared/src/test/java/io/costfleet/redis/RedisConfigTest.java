package io.costfleet.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisConfigTest {
  @Test
  void missingValuesTakeTheDefaults() {
    RedisConfig c = new RedisConfig(null, 0, "", null, false, null, Duration.ZERO, 0, null, null, null);
    assertThat(c).isEqualTo(RedisConfig.defaults());
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(6379);
    assertThat(c.username()).isNull();
    assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.socketTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.poolSize()).isEqualTo(16);
    assertThat(c.keyPrefix()).isEqualTo("costfleet:");
    assertThat(c.reconnectBackoff()).isEqualTo(Duration.ofMillis(100));
    assertThat(c.reconnectBackoffMax()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void invalidValuesFailNamingTheirKey() {
    assertThatThrownBy(() -> new RedisConfig(null, 70000, null, null, false, null, null, 0, null, null, null))
        .hasMessageContaining("costfleet.redis.port");
    assertThatThrownBy(() -> new RedisConfig(null, 0, null, null, false, null, null, -1, null, null, null))
        .hasMessageContaining("costfleet.redis.pool-size");
    assertThatThrownBy(() -> new RedisConfig(null, 0, null, null, false, Duration.ofSeconds(-1), null, 0, null, null, null))
        .hasMessageContaining("costfleet.redis.connect-timeout");
    assertThatThrownBy(() -> RedisConfig.defaults().withKeyPrefix(" "))
        .hasMessageContaining("costfleet.redis.key-prefix");
    assertThatThrownBy(() -> new RedisConfig(null, 0, null, null, false, null, null, 0, null,
        Duration.ofSeconds(10), Duration.ofSeconds(1))).hasMessageContaining("costfleet.redis.reconnect-backoff-max");
  }

  @Test
  void toStringNeverShowsThePassword() {
    RedisConfig c = new RedisConfig("redis.internal", 6380, "fleet", "s3cr3t-pw", true, null, null, 0, null, null, null);
    assertThat(c.toString()).doesNotContain("s3cr3t-pw").contains("rediss://fleet@redis.internal:6380", "password=***");
  }
}
