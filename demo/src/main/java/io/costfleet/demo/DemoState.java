package io.costfleet.demo;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.costfleet.job.Topology;
import io.costfleet.job.TopologyDeclarer;
import io.costfleet.redis.RedisGlob;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * What the demo's fleet leaves in the shared RabbitMQ and Redis: the queues and exchanges of its
 * namespace ({@value DemoSettings#NAMESPACE}) and the keys under its prefix
 * ({@value DemoSettings#REDIS_PREFIX}). Removed before a run (so a second run extracts again instead
 * of finding every job done) and after it. Nothing else is touched.
 */
final class DemoState {
  private DemoState() {}

  static void clear() throws IOException {
    clearRedis();
    clearRabbit();
  }

  static long clearRedis() {
    long deleted = 0;
    try (RedisClient redis = RedisClient.create("127.0.0.1", 6379)) {
      ScanParams params = new ScanParams().match(RedisGlob.escape(DemoSettings.REDIS_PREFIX) + "*").count(1000);
      String cursor = ScanParams.SCAN_POINTER_START;
      do {
        ScanResult<String> page = redis.scan(cursor, params);
        List<String> keys = page.getResult();
        if (!keys.isEmpty()) {
          deleted += redis.del(keys.toArray(String[]::new));
        }
        cursor = page.getCursor();
      } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }
    return deleted;
  }

  static void clearRabbit() throws IOException {
    ConnectionFactory f = new ConnectionFactory();
    f.setHost("127.0.0.1");
    f.setPort(5672);
    f.setUsername("guest");
    f.setPassword("guest");
    Topology topology = new Topology(DemoSettings.NAMESPACE);
    try (Connection c = f.newConnection("costfleet-demo-cleanup")) {
      try (Channel ch = c.createChannel()) {
        new TopologyDeclarer(topology).delete(ch);
      }
      // the dispatcher's own queues (its event consumer and that consumer's dead letters)
      for (String q : List.of(DemoSettings.NAMESPACE + ".dispatcher.events", DemoSettings.NAMESPACE + ".dlq.dispatcher")) {
        try (Channel ch = c.createChannel()) {
          ch.queueDelete(q);
        } catch (IOException absent) {
          // never declared in this run
        }
      }
    } catch (TimeoutException e) {
      throw new IOException("RabbitMQ on 127.0.0.1:5672 did not answer: " + e.getMessage(), e);
    }
  }
}
