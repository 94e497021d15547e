package io.costfleet.dispatcher.amqp;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.LongString;
import io.costfleet.job.DeadLetterHeaders;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Provider;
import io.costfleet.job.Topology;
import io.costfleet.job.WireCodec;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Operator access to the providers' dead-letter queues: look without consuming (get without ack, then every
 * message is nacked back with requeue, which keeps order and content), replay to the jobs exchange, purge.
 */
public final class DeadLetterQueues {
  /** Most messages one look or replay handles. */
  public static final int MAX_MESSAGES = 10_000;
  static final String REPLAYED_AT = "x-costfleet-replayed-at";

  /** One message put back on the jobs exchange. {@code attemptsBefore} is the dead letter's attempt count. */
  public record Replayed(String jobId, String routingKey, Object attemptsBefore, String stage) {}

  /** What a replay did; {@code failures} name messages that stayed in the dead-letter queue and why. */
  public record ReplayReport(Provider provider, List<Replayed> replayed, int kept, List<String> failures) {}

  private final AmqpConnections connections;
  private final Topology topology;
  private final WireCodec codec;
  private final Clock clock;
  private final Duration confirmTimeout;

  public DeadLetterQueues(AmqpConnections connections, Topology topology, WireCodec codec, Clock clock,
      Duration confirmTimeout) {
    this.connections = connections;
    this.topology = topology;
    this.codec = codec;
    this.clock = clock;
    this.confirmTimeout = confirmTimeout;
  }

  public long depth(Provider provider) throws IOException {
    return messageCount(topology.deadLetterQueue(provider));
  }

  public long jobsDepth(Provider provider) throws IOException {
    return messageCount(topology.jobsQueue(provider));
  }

  private long messageCount(String queue) throws IOException {
    try (Channel ch = connections.openChannel()) {
      return ch.queueDeclarePassive(queue).getMessageCount();
    } catch (TimeoutException e) {
      throw new IOException(e);
    }
  }

  /** The first {@code limit} dead letters of a provider, left in place. */
  public List<DeadLetter> peek(Provider provider, int limit) throws IOException {
    List<DeadLetter> out = new ArrayList<>();
    try (Channel ch = connections.openChannel()) {
      long last = -1;
      for (int i = 0; i < Math.min(limit, MAX_MESSAGES); i++) {
        GetResponse r = ch.basicGet(topology.deadLetterQueue(provider), false);
        if (r == null) {
          break;
        }
        last = r.getEnvelope().getDeliveryTag();
        out.add(view(i, r));
      }
      if (last >= 0) {
        ch.basicNack(last, true, true);
      }
    } catch (TimeoutException e) {
      throw new IOException(e);
    }
    return out;
  }

  /**
   * Publishes dead letters back to the jobs exchange (mandatory, confirmed) with the job's attempt counter reset
   * and the dead-letter context headers and {@code x-death} removed, then removes them from the dead-letter
   * queue. Others stay in place, in order.
   *
   * @param jobId only the dead letters of this job; empty: all
   */
  public ReplayReport replay(Provider provider, Optional<String> jobId) throws IOException {
    List<Replayed> replayed = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    int kept = 0;
    try (Channel ch = connections.openChannel()) {
      ch.confirmSelect();
      AtomicReference<String> returned = new AtomicReference<>();
      ch.addReturnListener(r -> returned.set(r.getReplyCode() + " " + r.getReplyText()));
      List<Long> keep = new ArrayList<>();
      for (int i = 0; i < MAX_MESSAGES; i++) {
        GetResponse r = ch.basicGet(topology.deadLetterQueue(provider), false);
        if (r == null) {
          break;
        }
        long tag = r.getEnvelope().getDeliveryTag();
        Optional<ExtractionJob> job = decode(r.getBody());
        String id = job.map(ExtractionJob::jobId).orElse(header(r, DeadLetterHeaders.JOB_ID));
        if (jobId.isPresent() && !jobId.get().equals(id)) {
          keep.add(tag);
          continue;
        }
        String routingKey = job.map(ExtractionJob::routingKey).orElse(r.getEnvelope().getRoutingKey());
        byte[] body = job.filter(j -> j.attempt() != 0).map(j -> codec.encode(j.resetAttempts())).orElse(r.getBody());
        returned.set(null);
        ch.basicPublish(topology.jobsExchange(), routingKey, true, replayProperties(r.getProps(), job), body);
        boolean confirmed = ch.waitForConfirms(confirmTimeout.toMillis());
        if (confirmed && returned.get() == null) {
          ch.basicAck(tag, false);
          replayed.add(new Replayed(id, routingKey, headerValue(r, DeadLetterHeaders.ATTEMPTS),
              header(r, DeadLetterHeaders.STAGE)));
        } else {
          keep.add(tag);
          failures.add((id == null ? "message " + i : id) + ": "
              + (returned.get() != null ? "unroutable (" + returned.get() + ")" : "nacked by the broker"));
        }
      }
      for (long tag : keep) {
        ch.basicNack(tag, false, true);
      }
      kept = keep.size();
    } catch (TimeoutException e) {
      throw new IOException("no confirm from RabbitMQ in time: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while replaying", e);
    }
    return new ReplayReport(provider, replayed, kept, failures);
  }

  /** Deletes every dead letter of a provider; returns how many. */
  public int purge(Provider provider) throws IOException {
    try (Channel ch = connections.openChannel()) {
      return ch.queuePurge(topology.deadLetterQueue(provider)).getMessageCount();
    } catch (TimeoutException e) {
      throw new IOException(e);
    }
  }

  private AMQP.BasicProperties replayProperties(AMQP.BasicProperties original, Optional<ExtractionJob> job) {
    Map<String, Object> headers = new HashMap<>();
    if (original.getHeaders() != null) {
      original.getHeaders().forEach((k, v) -> {
        if (!k.startsWith("x-costfleet-") && !k.startsWith("x-death") && !k.startsWith("x-first-death")
            && !k.startsWith("x-last-death")) {
          headers.put(k, v);
        }
      });
    }
    headers.put(REPLAYED_AT, clock.instant().toString());
    return original.builder()
        .headers(headers)
        .deliveryMode(2)
        .expiration(null)
        .priority(job.map(ExtractionJob::priority).orElse(original.getPriority()))
        .contentType(original.getContentType() == null ? WireCodec.CONTENT_TYPE : original.getContentType())
        .build();
  }

  private Optional<ExtractionJob> decode(byte[] body) {
    try {
      return Optional.of(codec.decodeJob(body));
    } catch (RuntimeException undecodable) {
      return Optional.empty();
    }
  }

  private DeadLetter view(int position, GetResponse r) {
    Map<String, Object> context = new TreeMap<>();
    Map<String, Object> other = new TreeMap<>();
    if (r.getProps().getHeaders() != null) {
      r.getProps().getHeaders().forEach((k, v) -> (k.startsWith("x-costfleet-") ? context : other).put(k, plain(v)));
    }
    JsonNode json = null;
    String text = null;
    String encoding = null;
    try {
      json = codec.mapper().readTree(r.getBody());
    } catch (IOException | RuntimeException notJson) {
      json = null;
    }
    if (json == null || json.isMissingNode()) {
      json = null;
      try {
        text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(r.getBody())).toString();
        encoding = "utf-8";
      } catch (CharacterCodingException binary) {
        text = Base64.getEncoder().encodeToString(r.getBody());
        encoding = "base64";
      }
    }
    String jobId = decode(r.getBody()).map(ExtractionJob::jobId).orElse(header(r, DeadLetterHeaders.JOB_ID));
    Date ts = r.getProps().getTimestamp();
    return new DeadLetter(position, jobId, r.getEnvelope().getRoutingKey(), context, other, json, text, encoding,
        r.getProps().getPriority(), ts == null ? null : ts.toInstant(), r.getEnvelope().isRedeliver(),
        r.getBody().length);
  }

  private static String header(GetResponse r, String name) {
    Object v = headerValue(r, name);
    return v == null ? null : v.toString();
  }

  private static Object headerValue(GetResponse r, String name) {
    Map<String, Object> h = r.getProps().getHeaders();
    return h == null ? null : plain(h.get(name));
  }

  /** AMQP header values as JSON-friendly values. */
  static Object plain(Object v) {
    if (v instanceof LongString s) {
      return s.toString();
    }
    if (v instanceof Date d) {
      return d.toInstant().toString();
    }
    if (v instanceof byte[] b) {
      return Base64.getEncoder().encodeToString(b);
    }
    if (v instanceof List<?> list) {
      return list.stream().map(DeadLetterQueues::plain).toList();
    }
    if (v instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, val) -> out.put(String.valueOf(k), plain(val)));
      return out;
    }
    return v;
  }
}
