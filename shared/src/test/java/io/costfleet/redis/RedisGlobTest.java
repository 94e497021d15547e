package io.costfleet.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedisGlobTest {
  @Test
  void starSpansColonsAsInRedis() {
    assertThat(RedisGlob.matches("aws:*:2026-10:*", "aws:cur:111:2026-10:usage:w:g0")).isTrue();
    assertThat(RedisGlob.matches("aws:*:2026-10:*", "gcp:bq:111:2026-10:usage:w:g0")).isFalse();
    assertThat(RedisGlob.matches("*", "")).isTrue();
    assertThat(RedisGlob.matches("a*b*c", "axxbyyc")).isTrue();
    assertThat(RedisGlob.matches("a*b*c", "axxbyy")).isFalse();
  }

  @Test
  void questionMarkClassesAndEscapes() {
    assertThat(RedisGlob.matches("sub-?", "sub-1")).isTrue();
    assertThat(RedisGlob.matches("sub-?", "sub-12")).isFalse();
    assertThat(RedisGlob.matches("2026-0[89]", "2026-09")).isTrue();
    assertThat(RedisGlob.matches("2026-0[^89]", "2026-09")).isFalse();
    assertThat(RedisGlob.matches("2026-0[1-3]", "2026-02")).isTrue();
    assertThat(RedisGlob.matches("2026-0[3-1]", "2026-02")).as("reversed range as Redis").isTrue();
    assertThat(RedisGlob.matches("a\\*b", "a*b")).isTrue();
    assertThat(RedisGlob.matches("a\\*b", "axb")).isFalse();
  }

  @Test
  void anEscapedPrefixMatchesOnlyItself() {
    String prefix = "cf[1]*?\\-^:";
    assertThat(RedisGlob.matches(RedisGlob.escape(prefix) + "*", prefix + "cursor:x")).isTrue();
    assertThat(RedisGlob.matches(RedisGlob.escape(prefix) + "*", "cf1xx-^:cursor:x")).isFalse();
  }
}
