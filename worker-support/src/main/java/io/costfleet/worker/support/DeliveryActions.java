package io.costfleet.worker.support;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import io.costfleet.job.CloudEvent;
import io.costfleet.job.DeadLetterHeaders;
import io.costfleet.job.DeadLetterPublisher;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.WireCodec;
import io.costfleet.metrics.MetricNames;
import io.costfleet.runner.DeliveryPolicy.Decision;
import io.costfleet.runner.RunOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a {@link Decision} to the delivery on its own channel: every republish (retry, dead
 * letter, event) is confirmed by the broker before the original message is acked, so a message is
 * never lost between the two. If a publish is not confirmed, the original is requeued instead (the
 * job resumes from its cursor; a done job completes at once).
 */
final class DeliveryActions {
  private static final Logger log = LoggerFactory.getLogger(DeliveryActions.class);

  private final WorkerContext context;
  private final DeadLetterPublisher deadLetters;
  private final JobEvents events;
  private final MeterRegistry registry;
  private final long confirmTimeoutMillis;

  DeliveryActions(WorkerContext context, MeterRegistry registry, Duration confirmTimeout) {
    this.context = context;
    this.deadLetters = new DeadLetterPublisher(context.topology(), context.workerId());
    this.events = new JobEvents(context.provider().code(), context.workerId(), context.codec().mapper());
    this.registry = registry;
    this.confirmTimeoutMillis = confirmTimeout.toMillis();
  }

  /**
   * @param routingKey the routing key the message arrived with (kept on retries and dead letters)
   * @param props      the message's properties
   */
  void apply(Channel channel, long deliveryTag, String routingKey, AMQP.BasicProperties props, byte[] body,
      JobProcessor.Processed processed) throws IOException {
    Decision decision = processed.decision();
    try {
      if (decision instanceof Decision.Ack ack) {
        if (processed.outcome() instanceof RunOutcome.Completed c) {
          publishEvent(channel, events.completed(processed.job(), c, processed.attempt()));
          count(c.alreadyDone() ? "already_done" : "completed");
        } else {
          count("dropped");
          log.info("job {} dropped: {}", processed.job().jobId(), ack.reason());
        }
        channel.basicAck(deliveryTag, false);
      } else if (decision instanceof Decision.Requeue requeue) {
        count("requeued");
        log.info("job {} requeued: {}", processed.job().jobId(), requeue.reason());
        channel.basicNack(deliveryTag, false, true);
      } else if (decision instanceof Decision.Retry retry) {
        retry(channel, routingKey, props, retry);
        channel.basicAck(deliveryTag, false);
      } else {
        deadLetter(channel, routingKey, props, body, processed, (Decision.DeadLetter) decision);
        channel.basicAck(deliveryTag, false);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.warn("interrupted while applying {} to a job message; requeued", decision.getClass().getSimpleName());
      channel.basicNack(deliveryTag, false, true);
    } catch (TimeoutException | IOException | RuntimeException e) {
      if (!channel.isOpen()) {
        throw e instanceof IOException io ? io : new IOException(e);
      }
      log.error("could not apply {} to job message {} (publish not confirmed: {}); requeued to be run again",
          decision.getClass().getSimpleName(), processed.job() == null ? "?" : processed.job().jobId(), e.toString());
      count("requeued");
      channel.basicNack(deliveryTag, false, true);
    }
  }

  private void retry(Channel channel, String routingKey, AMQP.BasicProperties props, Decision.Retry retry)
      throws IOException, TimeoutException, InterruptedException {
    ExtractionJob next = retry.next();
    Map<String, Object> headers = new HashMap<>();
    if (props.getHeaders() != null) {
      headers.putAll(props.getHeaders());
    }
    Instant firstFailedAt = DeadLetterPublisher.firstFailedAt(props);
    headers.put(DeadLetterHeaders.FIRST_FAILED_AT, (firstFailedAt == null ? Instant.now() : firstFailedAt).toString());
    headers.put(DeadLetterHeaders.ATTEMPTS, next.attempt());
    headers.put(DeadLetterHeaders.STAGE, retry.stage());
    headers.put(DeadLetterHeaders.EXCEPTION_CLASS, retry.cause().getClass().getName());
    AMQP.BasicProperties retryProps = props.builder()
        .headers(headers)
        .contentType(WireCodec.CONTENT_TYPE)
        .deliveryMode(2)
        .expiration(Long.toString(Math.max(1, retry.delay().toMillis())))
        .build();
    confirmed(channel, () -> channel.basicPublish(context.topology().retryExchange(), routingKey, true, retryProps,
        context.codec().encode(next)));
    publishEvent(channel, events.failed(next, retry.stage(), retry.cause(), next.attempt(), false));
    Counter.builder(MetricNames.RETRIES).tag("provider", context.provider().code()).tag("reason", retry.stage())
        .register(registry).increment();
    count("retried");
    log.info("job {} retried in {} (attempt {} failed at {}: {})", next.jobId(), retry.delay(), next.attempt(),
        retry.stage(), retry.cause().toString());
  }

  private void deadLetter(Channel channel, String routingKey, AMQP.BasicProperties props, byte[] body,
      JobProcessor.Processed processed, Decision.DeadLetter dl) throws IOException, TimeoutException,
      InterruptedException {
    confirmed(channel, () -> deadLetters.publish(channel, routingKey, props, body, dl.stage(), context.provider(),
        dl.cause(), dl.attempts(), null));
    count("dead_lettered");
    log.error("job {} dead-lettered after {} attempt(s) at stage {}: {}",
        processed.job() == null ? "(undecodable)" : processed.job().jobId(), dl.attempts(), dl.stage(),
        dl.cause().toString());
    if (processed.job() != null) {
      publishEvent(channel, events.failed(processed.job(), dl.stage(), dl.cause(), dl.attempts(), true));
    }
  }

  private void publishEvent(Channel channel, CloudEvent event) throws IOException, TimeoutException,
      InterruptedException {
    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
        .contentType(WireCodec.CLOUDEVENTS_CONTENT_TYPE).deliveryMode(2).messageId(event.id())
        .timestamp(java.util.Date.from(event.time())).type(event.type()).build();
    confirmed(channel, () -> channel.basicPublish(context.topology().eventsExchange(), event.routingKey(), false,
        props, context.codec().encode(event)));
  }

  /** Publishes job.started on the delivery's channel (called from the run, on the listener thread). */
  void started(Channel channel, ExtractionJob job, int attempt) {
    try {
      publishEvent(channel, events.started(job, attempt));
    } catch (IOException | TimeoutException e) {
      // Informational only: the job's outcome events are what the tracker relies on.
      log.warn("job.started of {} not confirmed: {}", job.jobId(), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @FunctionalInterface
  private interface Publish {
    void run() throws IOException;
  }

  private void confirmed(Channel channel, Publish publish) throws IOException, TimeoutException,
      InterruptedException {
    channel.confirmSelect();
    publish.run();
    channel.waitForConfirmsOrDie(confirmTimeoutMillis);
  }

  private void count(String outcome) {
    Counter.builder(MetricNames.JOBS).tag("provider", context.provider().code()).tag("outcome", outcome)
        .register(registry).increment();
  }
}
