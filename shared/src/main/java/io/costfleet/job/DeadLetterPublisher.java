package io.costfleet.job;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Publishes a failed message to the dead-letter exchange with the context headers of
 * {@link DeadLetterHeaders}, keeping its body, routing key and original properties. The caller acks
 * the original delivery after the publish is confirmed.
 */
public final class DeadLetterPublisher {
  private final Topology topology;
  private final String worker;
  private final WireCodec codec = new WireCodec();

  public DeadLetterPublisher(Topology topology, String worker) {
    this.topology = topology;
    this.worker = worker;
  }

  /**
   * @param firstFailedAt when the job first failed, or null to take it from the message's headers
   *                      (a retried job keeps the time of its first failure) or now
   */
  public void publish(Channel channel, String routingKey, AMQP.BasicProperties original, byte[] body, String stage,
      Provider provider, Throwable error, int attempts, Instant firstFailedAt) throws IOException {
    Map<String, Object> headers = new HashMap<>();
    if (original != null && original.getHeaders() != null) {
      headers.putAll(original.getHeaders());
    }
    Instant first = firstFailedAt != null ? firstFailedAt : firstFailedAt(original);
    String jobId = jobId(body);
    headers.putAll(DeadLetterHeaders.of(stage, provider, error, attempts, first, jobId, worker));
    AMQP.BasicProperties.Builder props = (original == null ? new AMQP.BasicProperties.Builder() : original.builder())
        .headers(headers)
        .deliveryMode(2)
        .expiration(null);
    channel.basicPublish(topology.deadLetterExchange(), routingKey, true, props.build(), body);
  }

  /** The first-failure time recorded in a message's headers, if any. */
  public static Instant firstFailedAt(AMQP.BasicProperties props) {
    if (props != null && props.getHeaders() != null) {
      Object v = props.getHeaders().get(DeadLetterHeaders.FIRST_FAILED_AT);
      if (v != null) {
        try {
          return Instant.parse(v.toString());
        } catch (RuntimeException ignored) {
          return null;
        }
      }
    }
    return null;
  }

  private String jobId(byte[] body) {
    try {
      return codec.decodeJob(body).jobId();
    } catch (RuntimeException undecodable) {
      return null;
    }
  }
}
