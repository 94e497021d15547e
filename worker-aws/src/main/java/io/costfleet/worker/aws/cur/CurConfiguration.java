package io.costfleet.worker.aws.cur;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import io.costfleet.job.CloudEvent;
import io.costfleet.job.RestatementData;
import io.costfleet.job.WireCodec;
import io.costfleet.staging.StagingLayout;
import io.costfleet.validation.RecordValidator;
import io.costfleet.worker.support.WorkerContext;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The CUR {@code CostSource} bean (source name {@code cur}), its S3 client, and the restatement
 * watcher that reports new deliveries of already-staged periods as {@code source.restated} events.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "costfleet.aws.cur.enabled", matchIfMissing = true)
public class CurConfiguration {
  private static final Logger log = LoggerFactory.getLogger(CurConfiguration.class);

  @Bean(destroyMethod = "close")
  S3Client curS3Client(CurProperties cur) {
    return CurS3Client.create(cur.endpoint() == null ? null : cur.endpoint().toString(), cur.region(),
        cur.accessKeyId(), cur.secretAccessKey());
  }

  @Bean(destroyMethod = "close")
  CurSource curSource(CurProperties cur, S3Client curS3Client, RecordValidator validator, MeterRegistry registry) {
    return new CurSource(cur.settings(), curS3Client, validator, registry);
  }

  @Bean
  CurRestatementWatcher curRestatementWatcher(CurProperties cur, CurSource source, StagingLayout layout,
      ConnectionFactory rabbit, WorkerContext context, Clock clock) {
    return new CurRestatementWatcher(source, cur.settings(), layout, r -> publish(rabbit, context, r), clock,
        cur.watchPeriods());
  }

  /** Runs the watcher every {@code costfleet.aws.cur.watch-every} (0: never). */
  @Bean(destroyMethod = "shutdownNow")
  ScheduledExecutorService curRestatementSchedule(CurProperties cur, CurRestatementWatcher watcher) {
    ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "costfleet-cur-restatements");
      t.setDaemon(true);
      return t;
    });
    long every = cur.watchEvery().toMillis();
    if (every > 0) {
      schedule.scheduleWithFixedDelay(() -> {
        try {
          watcher.checkOnce().forEach(r -> log.info("reported CUR restatement of {} {}: {}", r.accountId(),
              r.billingPeriod(), r.reason()));
        } catch (RuntimeException e) {
          log.warn("CUR restatement check failed; next check in {}", cur.watchEvery(), e);
        }
      }, every, every, TimeUnit.MILLISECONDS);
    }
    return schedule;
  }

  private static void publish(ConnectionFactory rabbit, WorkerContext context, RestatementData restatement) {
    WireCodec codec = context.codec();
    CloudEvent event = restatement.toEvent("urn:costfleet:worker:" + context.provider().code(), codec.mapper());
    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
        .contentType(WireCodec.CLOUDEVENTS_CONTENT_TYPE).deliveryMode(2).messageId(event.id()).build();
    try (Connection connection = rabbit.createConnection(); Channel channel = connection.createChannel(false)) {
      channel.confirmSelect();
      channel.basicPublish(context.topology().eventsExchange(), event.routingKey(), false, props, codec.encode(event));
      channel.waitForConfirmsOrDie(10_000);
    } catch (Exception e) {
      throw new IllegalStateException("could not publish the restatement of " + restatement.accountId() + " "
          + restatement.billingPeriod() + ": " + e.getMessage(), e);
    }
  }
}
