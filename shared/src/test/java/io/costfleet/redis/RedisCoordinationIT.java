package io.costfleet.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costfleet.source.TransientException;
import io.costfleet.testing.RedisNamespace;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ClientKillParams;

/** Connection loss, reconnection and clean shutdown of the coordination pool. */
class RedisCoordinationIT {
  private RedisNamespace ns;

  @BeforeEach
  void namespace() {
    ns = RedisNamespace.create();
  }

  @AfterEach
  void clean() {
    ns.close();
  }

  @Test
  void aClosedPortFailsFastWithTheTypedTransientErrorThenBacksOff() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    RedisConfig config = ns.config().withHostAndPort("127.0.0.1", closedPort);
    try (RedisCoordination redis = RedisCoordination.connect(config)) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> redis.execute("ping", jedis -> jedis.ping()))
          .isInstanceOf(CoordinationUnavailableException.class)
          .isInstanceOf(TransientException.class)
          .hasMessageContaining("127.0.0.1:" + closedPort)
          .satisfies(e -> assertThat(((TransientException) e).retryAfter()).contains(Duration.ofMillis(100)));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));

      CoordinationUnavailableException second = (CoordinationUnavailableException)
          org.assertj.core.api.Assertions.catchThrowable(() -> redis.execute("ping", jedis -> jedis.ping()));
      assertThat(second).hasMessageContaining("not attempted");
      assertThat(second.retryAfter().orElseThrow()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(100));

      Thread.sleep(120);
      CoordinationUnavailableException third = (CoordinationUnavailableException)
          org.assertj.core.api.Assertions.catchThrowable(() -> redis.execute("ping", jedis -> jedis.ping()));
      assertThat(third.getMessage()).doesNotContain("not attempted");
      assertThat(third.retryAfter()).as("back-off doubles").contains(Duration.ofMillis(200));
    }
  }

  @Test
  void closingThePoolLeavesNoThreadBehind() throws Exception {
    Set<Long> before = liveThreadIds();
    RedisCoordination redis = RedisCoordination.connect(ns.config());
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Thread t = new Thread(() -> {
        for (int k = 0; k < 50; k++) {
          redis.execute("incr", jedis -> jedis.incr(ns.prefix() + "counter"));
        }
      });
      workers.add(t);
      t.start();
    }
    workers.forEach(RedisCoordinationIT::join);
    String counter = redis.execute("get", jedis -> jedis.get(ns.prefix() + "counter"));
    assertThat(counter).isEqualTo("200");
    assertThat(newThreads(before)).as("the pool's idle evictor runs while the pool is open")
        .anyMatch(name -> name.contains("evictor"));
    redis.close();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!newThreads(before).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(newThreads(before)).as("threads started by the pool and still alive").isEmpty();
  }

  @Test
  void aConnectionTheServerDroppedIsReplacedTransparently() {
    RedisCoordination coordination = ns.connect();
    coordination.execute("set", jedis -> jedis.set(ns.prefix() + "k", "v"));
    String clientName = ns.prefix().substring(0, ns.prefix().length() - 1);
    int killed = 0;
    try (Jedis admin = new Jedis(ns.config().host(), ns.config().port())) {
      for (String line : admin.clientList().split("\n")) {
        if (line.contains(" name=" + clientName + " ")) {
          String id = line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id=")));
          killed += (int) admin.clientKill(ClientKillParams.clientKillParams().id(id));
        }
      }
    }
    assertThat(killed).as("our pooled connection was dropped by the server").isPositive();
    String value = coordination.execute("get", jedis -> jedis.get(ns.prefix() + "k"));
    assertThat(value).isEqualTo("v");
  }

  private static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Set<Long> liveThreadIds() {
    return Thread.getAllStackTraces().keySet().stream().map(Thread::getId).collect(Collectors.toSet());
  }

  private static List<String> newThreads(Set<Long> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !before.contains(t.getId()) && t.isAlive())
        .map(Thread::getName).sorted().toList();
  }
}
