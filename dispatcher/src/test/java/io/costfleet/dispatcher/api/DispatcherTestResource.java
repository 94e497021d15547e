package io.costfleet.dispatcher.api;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.costfleet.dispatcher.TestConfigs;
import io.costfleet.dispatcher.amqp.EventConsumer;
import io.costfleet.job.Topology;
import io.costfleet.job.TopologyDeclarer;
import io.costfleet.testing.Amqp;
import io.costfleet.testing.RedisNamespace;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Boots the dispatcher on a private topology namespace and Redis prefix, with 3 providers x 4 accounts, the
 * schedules off; deletes the namespace's queues, exchanges and keys afterwards.
 */
public class DispatcherTestResource implements QuarkusTestResourceLifecycleManager {
  private Topology topology;
  private RedisNamespace redis;

  @Override
  public Map<String, String> start() {
    topology = Amqp.privateTopology();
    redis = RedisNamespace.create();
    Map<String, String> config = new HashMap<>(TestConfigs.fleet(4));
    config.put("costfleet.api.token", TestConfigs.TOKEN);
    config.put("costfleet.topology.namespace", topology.namespace());
    config.put("costfleet.redis.key-prefix", redis.prefix());
    config.put("costfleet.schedules.daily.cron", "off");
    config.put("costfleet.schedules.month-end.cron", "off");
    config.put("costfleet.tracking.refresh-every", "1s");
    return config;
  }

  @Override
  public void stop() {
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
