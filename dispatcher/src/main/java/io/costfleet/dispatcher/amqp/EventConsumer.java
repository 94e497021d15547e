package io.costfleet.dispatcher.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import io.costfleet.job.CloudEvent;
import io.costfleet.job.DeadLetterHeaders;
import io.costfleet.job.DeadLetterPublisher;
import io.costfleet.job.Topology;
import io.costfleet.job.WireCodec;
import io.costfleet.source.PermanentException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Consumes the dispatcher's events queue ({@code <ns>.dispatcher.events}, bound to {@code <ns>.events} for
 * {@code job.*} and {@code source.restated}; replicas compete, each event is handled once). An event that cannot
 * be decoded or handled for good goes to {@code <ns>.dlq.dispatcher} with the dead-letter context headers; a
 * transient failure (Redis away) requeues it after a pause. {@link #ensureRunning} re-subscribes after a lost
 * connection.
 */
public final class EventConsumer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(EventConsumer.class);
  public static final String DEAD_LETTER_ROUTING_KEY = "dispatcher.events";

  /** Handles one event; a {@link PermanentException} (or IllegalArgumentException) dead-letters it. */
  @FunctionalInterface
  public interface Handler {
    void handle(CloudEvent event);
  }

  private final AmqpConnections connections;
  private final Topology topology;
  private final WireCodec codec;
  private final Handler handler;
  private final DeadLetterPublisher deadLetters;
  private final int prefetch;
  private Channel channel;

  public EventConsumer(AmqpConnections connections, Topology topology, WireCodec codec, Handler handler,
      String worker, int prefetch) {
    this.connections = connections;
    this.topology = topology;
    this.codec = codec;
    this.handler = handler;
    this.deadLetters = new DeadLetterPublisher(topology, worker);
    this.prefetch = prefetch;
  }

  public static String queue(Topology topology) {
    return topology.namespace() + ".dispatcher.events";
  }

  public static String deadLetterQueue(Topology topology) {
    return topology.namespace() + ".dlq.dispatcher";
  }

  /** Declares the events queue and its dead-letter queue (the exchanges come from the shared topology). */
  public static void declare(Channel ch, Topology topology) throws IOException {
    ch.queueDeclare(queue(topology), true, false, false, Map.of("x-queue-type", "classic",
        "x-dead-letter-exchange", topology.deadLetterExchange(),
        "x-dead-letter-routing-key", DEAD_LETTER_ROUTING_KEY));
    ch.queueBind(queue(topology), topology.eventsExchange(), "job.*");
    ch.queueBind(queue(topology), topology.eventsExchange(),
        CloudEvent.SOURCE_RESTATED.substring(CloudEvent.TYPE_PREFIX.length()));
    ch.queueDeclare(deadLetterQueue(topology), true, false, false, topology.deadLetterQueueArguments());
    ch.queueBind(deadLetterQueue(topology), topology.deadLetterExchange(), "dispatcher.#");
  }

  /** Deletes what {@link #declare} made (tests). */
  public static void delete(Channel ch, Topology topology) throws IOException {
    ch.queueDelete(queue(topology));
    ch.queueDelete(deadLetterQueue(topology));
  }

  public synchronized boolean running() {
    return channel != null && channel.isOpen();
  }

  /** Subscribes if not subscribed (first call, or after the channel or connection was lost). */
  public synchronized void ensureRunning() throws IOException {
    if (running()) {
      return;
    }
    Channel ch = connections.openChannel();
    ch.confirmSelect();
    ch.basicQos(prefetch);
    ch.basicConsume(queue(topology), false, new DefaultConsumer(ch) {
      @Override
      public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body)
          throws IOException {
        deliver(ch, envelope, props, body);
      }

      @Override
      public void handleShutdownSignal(String tag, ShutdownSignalException sig) {
        if (!sig.isInitiatedByApplication()) {
          LOG.warnf("event consumer lost its channel (%s); it re-subscribes on the next check", sig.getMessage());
        }
      }
    });
    channel = ch;
    LOG.infof("consuming events from %s", queue(topology));
  }

  private void deliver(Channel ch, Envelope envelope, AMQP.BasicProperties props, byte[] body) throws IOException {
    CloudEvent event = null;
    try {
      event = codec.decodeEvent(body);
      handler.handle(event);
      ch.basicAck(envelope.getDeliveryTag(), false);
    } catch (PermanentException | IllegalArgumentException e) {
      deadLetter(ch, envelope, props, body, e, event);
    } catch (RuntimeException e) {
      LOG.warnf("event %s could not be handled now (%s); requeued", event == null ? "?" : event.id(),
          e.toString());
      pause();
      ch.basicNack(envelope.getDeliveryTag(), false, true);
    }
  }

  private void deadLetter(Channel ch, Envelope envelope, AMQP.BasicProperties props, byte[] body, Exception error,
      CloudEvent event) throws IOException {
    LOG.errorf("event %s (%s) dead-lettered to %s: %s", event == null ? "?" : event.id(),
        event == null ? "undecodable" : event.type(), deadLetterQueue(topology), error.getMessage());
    try {
      deadLetters.publish(ch, DEAD_LETTER_ROUTING_KEY, props, body, DeadLetterHeaders.Stage.DECODE, null, error, 1,
          null);
      if (!ch.waitForConfirms(5_000)) {
        throw new IOException("the broker nacked the dead letter");
      }
      ch.basicAck(envelope.getDeliveryTag(), false);
    } catch (IOException | TimeoutException | InterruptedException | RuntimeException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      // the queue's own dead-letter exchange takes it, without the context headers
      ch.basicReject(envelope.getDeliveryTag(), false);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public synchronized void close() {
    if (channel != null && channel.isOpen()) {
      try {
        channel.close();
      } catch (IOException | TimeoutException | RuntimeException ignored) {
        // unacked events go back to the queue when the channel closes
      }
    }
    channel = null;
  }
}
