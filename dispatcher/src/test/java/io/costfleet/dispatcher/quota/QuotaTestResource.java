package io.costfleet.dispatcher.quota;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.sun.net.httpserver.HttpServer;
import io.costfleet.dispatcher.TestConfigs;
import io.costfleet.dispatcher.amqp.EventConsumer;
import io.costfleet.job.Topology;
import io.costfleet.job.TopologyDeclarer;
import io.costfleet.testing.Amqp;
import io.costfleet.testing.RedisNamespace;
import io.costfleet.testing.TcpProxy;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Boots the dispatcher with one aws account, budgets for cost centers {@code payments} (1000) and
 * {@code search} (1200) and business unit {@code retail}, a webhook on a local HTTP server (whose first
 * answer is a 503), a private topology and Redis prefix, and its Redis reached through a {@link TcpProxy} the
 * test can cut.
 */
public class QuotaTestResource implements QuarkusTestResourceLifecycleManager {
  static final String ACCOUNT = "111111111111";
  static volatile TcpProxy redisProxy;
  static volatile Path storage;
  static final List<String> webhookBodies = new CopyOnWriteArrayList<>();
  static final List<String> webhookAuthorizations = new CopyOnWriteArrayList<>();
  static final AtomicInteger webhookRefusals = new AtomicInteger(1);

  private Topology topology;
  private RedisNamespace redis;
  private HttpServer hook;
  private Path dir;

  @Override
  public Map<String, String> start() {
    topology = Amqp.privateTopology();
    redis = RedisNamespace.create();
    redisProxy = TcpProxy.toRedis();
    try {
      dir = Files.createTempDirectory("costfleet-quota-it");
      storage = Files.createDirectories(dir.resolve("storage"));
      hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    hook.createContext("/hook", ex -> {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      webhookAuthorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
      boolean refuse = webhookRefusals.getAndDecrement() > 0;
      if (!refuse) {
        webhookBodies.add(body);
      }
      ex.sendResponseHeaders(refuse ? 503 : 204, -1);
      ex.close();
    });
    hook.start();
    Map<String, String> config = new HashMap<>();
    config.put("costfleet.api.token", TestConfigs.TOKEN);
    config.put("costfleet.topology.namespace", topology.namespace());
    config.put("costfleet.redis.key-prefix", redis.prefix());
    config.put("costfleet.redis.port", Integer.toString(redisProxy.port()));
    config.put("costfleet.redis.connect-timeout", "500ms");
    config.put("costfleet.redis.socket-timeout", "1s");
    config.put("costfleet.redis.reconnect-backoff-max", "500ms");
    config.put("costfleet.schedules.daily.cron", "off");
    config.put("costfleet.schedules.month-end.cron", "off");
    config.put("costfleet.tracking.refresh-every", "1h");
    config.put("costfleet.storage.root", storage.toString());
    config.put("costfleet.providers.aws.accounts." + ACCOUNT + ".business-unit", "retail");
    config.put("costfleet.providers.aws.accounts." + ACCOUNT + ".sources.cost-explorer", "usage");
    config.put("costfleet.quota.stale-after", "6h");
    config.put("costfleet.quota.refresh-every", "1s");
    config.put("costfleet.quota.sweep-every", "1h");
    config.put("costfleet.quota.local-cache", dir.resolve("cache/lastgood.db").toString());
    config.put("costfleet.budgets.cost-centers.payments.amount", "1000");
    config.put("costfleet.budgets.cost-centers.search.amount", "1200");
    config.put("costfleet.budgets.business-units.retail.amount", "100000");
    config.put("costfleet.budgets.webhooks[0].url", "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook");
    config.put("costfleet.budgets.webhooks[0].authorization", "Bearer hook-secret");
    config.put("costfleet.budgets.webhook-retry.initial-backoff", "50ms");
    return config;
  }

  @Override
  public void stop() {
    hook.stop(0);
    redisProxy.close();
    try (Connection c = Amqp.connect(); Channel ch = c.createChannel()) {
      EventConsumer.delete(ch, topology);
      new TopologyDeclarer(topology).delete(ch);
    } catch (Exception e) {
      throw new IllegalStateException("could not delete test topology " + topology.namespace(), e);
    } finally {
      redis.close();
    }
  }
}
