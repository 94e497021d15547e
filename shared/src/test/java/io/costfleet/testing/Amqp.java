package io.costfleet.testing;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.costfleet.job.Topology;
import java.util.UUID;

/** Connections to the real RabbitMQ on 127.0.0.1 and a private topology namespace per test. */
public final class Amqp {
  private Amqp() {}

  public static ConnectionFactory factory() {
    ConnectionFactory f = new ConnectionFactory();
    f.setHost(System.getProperty("costfleet.rabbitmq.host", "127.0.0.1"));
    f.setPort(Integer.getInteger("costfleet.rabbitmq.port", 5672));
    f.setUsername("guest");
    f.setPassword("guest");
    f.setAutomaticRecoveryEnabled(false);
    return f;
  }

  public static Connection connect() throws Exception {
    return factory().newConnection("costfleet-test");
  }

  /** A namespace no other test run shares. */
  public static Topology privateTopology() {
    return new Topology("cftest-" + UUID.randomUUID().toString().substring(0, 8));
  }
}
