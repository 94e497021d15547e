package io.costfleet.dispatcher.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes on one channel in confirm mode and tells, per message, whether the broker took it: confirmed,
 * returned as unroutable (mandatory publishes), nacked, or failed (channel lost, no confirm in time). Many
 * publishes may be in flight; {@link #await} waits for one.
 */
public final class ConfirmingPublisher implements AutoCloseable {

  /** What became of a publish. */
  public sealed interface Outcome permits Confirmed, Returned, Nacked, Failed {
    default boolean ok() {
      return this instanceof Confirmed;
    }

    /** Low-cardinality name for metrics. */
    String reason();
  }

  public record Confirmed() implements Outcome {
    public String reason() {
      return "confirmed";
    }
  }

  /** No queue was bound for the routing key. */
  public record Returned(String replyText) implements Outcome {
    public String reason() {
      return "unroutable";
    }
  }

  public record Nacked() implements Outcome {
    public String reason() {
      return "nacked";
    }
  }

  public record Failed(String detail) implements Outcome {
    public String reason() {
      return "failed";
    }
  }

  private static final class Pending {
    final String messageId;
    final CompletableFuture<Outcome> future = new CompletableFuture<>();
    volatile String returned;

    Pending(String messageId) {
      this.messageId = messageId;
    }
  }

  /** One channel and the publishes outstanding on it (sequence numbers are per channel). */
  private static final class Session {
    final Channel channel;
    final ConcurrentNavigableMap<Long, Pending> outstanding = new ConcurrentSkipListMap<>();
    final Map<String, Pending> byMessageId = new ConcurrentHashMap<>();

    Session(Channel channel) {
      this.channel = channel;
    }

    void settle(long tag, boolean multiple, boolean ack) {
      var settled = multiple ? outstanding.headMap(tag, true) : outstanding.subMap(tag, true, tag, true);
      for (Long seq : settled.keySet()) {
        Pending p = outstanding.get(seq);
        if (p != null) {
          complete(seq, !ack ? new Nacked() : p.returned != null ? new Returned(p.returned) : new Confirmed());
        }
      }
    }

    void complete(long seq, Outcome outcome) {
      Pending p = outstanding.remove(seq);
      if (p != null) {
        byMessageId.remove(p.messageId);
        p.future.complete(outcome);
      }
    }

    void failAll(String why) {
      for (Long seq : outstanding.keySet()) {
        complete(seq, new Failed(why));
      }
    }
  }

  private final AmqpConnections connections;
  private Session session;

  public ConfirmingPublisher(AmqpConnections connections) {
    this.connections = connections;
  }

  /**
   * Publishes; the message id is replaced by a fresh one (it correlates a return with its publish).
   *
   * @return completes with the outcome; never exceptionally
   */
  public synchronized CompletableFuture<Outcome> publish(String exchange, String routingKey, boolean mandatory,
      AMQP.BasicProperties properties, byte[] body) {
    Session s;
    try {
      s = session();
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.completedFuture(new Failed("no channel: " + e.getMessage()));
    }
    Pending pending = new Pending(UUID.randomUUID().toString());
    long seq = s.channel.getNextPublishSeqNo();
    s.outstanding.put(seq, pending);
    s.byMessageId.put(pending.messageId, pending);
    try {
      s.channel.basicPublish(exchange, routingKey, mandatory,
          properties.builder().messageId(pending.messageId).build(), body);
    } catch (IOException | AlreadyClosedException e) {
      s.complete(seq, new Failed("publish failed: " + e.getMessage()));
    }
    return pending.future;
  }

  /** Waits for an outcome; past {@code timeout} the channel is closed, failing every publish outstanding on it. */
  public Outcome await(CompletableFuture<Outcome> future, Duration timeout) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      resetChannel("no confirm within " + timeout);
      return future.getNow(new Failed("no confirm within " + timeout));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Failed("interrupted while waiting for the confirm");
    } catch (ExecutionException e) {
      return new Failed(String.valueOf(e.getCause()));
    }
  }

  private Session session() throws IOException {
    if (session != null && session.channel.isOpen()) {
      return session;
    }
    Channel ch = connections.openChannel();
    ch.confirmSelect();
    Session s = new Session(ch);
    ch.addConfirmListener(new ConfirmListener() {
      @Override
      public void handleAck(long deliveryTag, boolean multiple) {
        s.settle(deliveryTag, multiple, true);
      }

      @Override
      public void handleNack(long deliveryTag, boolean multiple) {
        s.settle(deliveryTag, multiple, false);
      }
    });
    ch.addReturnListener(r -> {
      Pending p = r.getProperties() == null ? null : s.byMessageId.get(r.getProperties().getMessageId());
      if (p != null) {
        p.returned = r.getReplyCode() + " " + r.getReplyText();
      }
    });
    ch.addShutdownListener((ShutdownSignalException cause) -> s.failAll("channel closed: " + cause.getMessage()));
    session = s;
    return s;
  }

  private synchronized void resetChannel(String why) {
    Session s = session;
    session = null;
    if (s == null) {
      return;
    }
    if (s.channel.isOpen()) {
      try {
        s.channel.close(AMQP.REPLY_SUCCESS, why);
      } catch (IOException | TimeoutException | RuntimeException ignored) {
        // failing what was outstanding below either way
      }
    }
    s.failAll(why);
  }

  @Override
  public synchronized void close() {
    resetChannel("publisher closed");
  }
}
