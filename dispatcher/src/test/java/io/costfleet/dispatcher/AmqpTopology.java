package io.costfleet.dispatcher;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.costfleet.dispatcher.amqp.EventConsumer;
import io.costfleet.job.Topology;
import io.costfleet.job.TopologyDeclarer;
import io.costfleet.testing.Amqp;
import java.util.ArrayList;
import java.util.List;

/** A private topology on the real RabbitMQ for one test class, with the dispatcher's queues, deleted at the end. */
public final class AmqpTopology implements AutoCloseable {
  public final Topology topology;
  public final Connection connection;
  public final Channel channel;

  public AmqpTopology(Topology topology) throws Exception {
    this.topology = topology;
    this.connection = Amqp.connect();
    this.channel = connection.createChannel();
    new TopologyDeclarer(topology).declare(channel);
    EventConsumer.declare(channel, topology);
  }

  public static AmqpTopology create() throws Exception {
    return new AmqpTopology(Amqp.privateTopology());
  }

  public long depth(String queue) throws Exception {
    return channel.queueDeclarePassive(queue).getMessageCount();
  }

  /** Takes (acks) every message of a queue, in delivery order. */
  public List<GetResponse> drain(String queue) throws Exception {
    List<GetResponse> out = new ArrayList<>();
    for (GetResponse r; (r = channel.basicGet(queue, true)) != null; ) {
      out.add(r);
    }
    return out;
  }

  @Override
  public void close() throws Exception {
    try {
      EventConsumer.delete(channel, topology);
      new TopologyDeclarer(topology).delete(channel);
    } finally {
      connection.close();
    }
  }
}
