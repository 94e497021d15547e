package io.costfleet.job;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.Collection;
import java.util.EnumSet;

/** Declares the {@link Topology} on a channel. Declaring is idempotent; every side may do it at start-up. */
public final class TopologyDeclarer {
  private final Topology topology;

  public TopologyDeclarer(Topology topology) {
    this.topology = topology;
  }

  /** Declares the exchanges and the queues of every provider. */
  public void declare(Channel channel) throws IOException {
    declare(channel, EnumSet.allOf(Provider.class));
  }

  /** Declares the exchanges and the queues of the given providers. */
  public void declare(Channel channel, Collection<Provider> providers) throws IOException {
    channel.exchangeDeclare(topology.jobsExchange(), BuiltinExchangeType.TOPIC, true);
    channel.exchangeDeclare(topology.retryExchange(), BuiltinExchangeType.TOPIC, true);
    channel.exchangeDeclare(topology.deadLetterExchange(), BuiltinExchangeType.TOPIC, true);
    channel.exchangeDeclare(topology.eventsExchange(), BuiltinExchangeType.TOPIC, true);
    for (Provider p : providers) {
      String pattern = Topology.providerPattern(p);
      channel.queueDeclare(topology.jobsQueue(p), true, false, false, topology.jobsQueueArguments());
      channel.queueBind(topology.jobsQueue(p), topology.jobsExchange(), pattern);
      channel.queueDeclare(topology.retryQueue(p), true, false, false, topology.retryQueueArguments());
      channel.queueBind(topology.retryQueue(p), topology.retryExchange(), pattern);
      channel.queueDeclare(topology.deadLetterQueue(p), true, false, false, topology.deadLetterQueueArguments());
      channel.queueBind(topology.deadLetterQueue(p), topology.deadLetterExchange(), pattern);
    }
  }

  /** Deletes everything {@link #declare} made (tests clean up their namespace with it). */
  public void delete(Channel channel) throws IOException {
    for (Provider p : Provider.values()) {
      channel.queueDelete(topology.jobsQueue(p));
      channel.queueDelete(topology.retryQueue(p));
      channel.queueDelete(topology.deadLetterQueue(p));
    }
    channel.exchangeDelete(topology.jobsExchange());
    channel.exchangeDelete(topology.retryExchange());
    channel.exchangeDelete(topology.deadLetterExchange());
    channel.exchangeDelete(topology.eventsExchange());
  }
}
