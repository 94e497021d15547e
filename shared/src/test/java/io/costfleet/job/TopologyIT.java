package io.costfleet.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.costfleet.testing.Amqp;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The topology on the real RabbitMQ: priorities, routing per provider, dead letters with headers. */
class TopologyIT {
  private final WireCodec codec = new WireCodec();
  private Topology topology;
  private Connection connection;
  private Channel channel;

  @BeforeEach
  void declare() throws Exception {
    topology = Amqp.privateTopology();
    connection = Amqp.connect();
    channel = connection.createChannel();
    new TopologyDeclarer(topology).declare(channel);
    channel.confirmSelect();
  }

  @AfterEach
  void clean() throws Exception {
    new TopologyDeclarer(topology).delete(channel);
    connection.close();
  }

  private void publish(ExtractionJob job) throws Exception {
    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
        .contentType(WireCodec.CONTENT_TYPE).deliveryMode(2).priority(job.priority()).messageId(job.jobId()).build();
    channel.basicPublish(topology.jobsExchange(), job.routingKey(), true, props, codec.encode(job));
    channel.waitForConfirmsOrDie(5_000);
  }

  @Test
  void jobsQueuedWithoutConsumersAreConsumedHighestPriorityFirst() throws Exception {
    int[] priorities = {1, 5, 9, 1, 9, 5};
    for (int i = 0; i < priorities.length; i++) {
      publish(ExtractionJob.of(Provider.GCP, "bigquery", "acct-" + i, YearMonth.of(2026, 10), Dataset.USAGE,
          priorities[i], Instant.now()));
    }
    publish(ExtractionJob.of(Provider.AWS, "cur", "acct-aws", YearMonth.of(2026, 10), Dataset.USAGE, 9, Instant.now()));

    List<Integer> consumed = new ArrayList<>();
    GetResponse r;
    while ((r = channel.basicGet(topology.jobsQueue(Provider.GCP), true)) != null) {
      consumed.add(codec.decodeJob(r.getBody()).priority());
    }
    assertThat(consumed).containsExactly(9, 9, 5, 5, 1, 1);
    assertThat(channel.messageCount(topology.jobsQueue(Provider.AWS))).isEqualTo(1);
  }

  @Test
  void aRejectedJobLandsInItsProvidersDeadLetterQueueWithContextHeaders() throws Exception {
    ExtractionJob job = ExtractionJob.of(Provider.AZURE, "query-api", "sub-1", YearMonth.of(2026, 9),
        Dataset.AMORTIZED, 5, Instant.now());
    publish(job);
    GetResponse delivery = channel.basicGet(topology.jobsQueue(Provider.AZURE), false);
    assertThat(delivery).isNotNull();

    new DeadLetterPublisher(topology, "test-worker").publish(channel, delivery.getEnvelope().getRoutingKey(),
        delivery.getProps(), delivery.getBody(), DeadLetterHeaders.Stage.FETCH, Provider.AZURE,
        new io.costfleet.source.BadCredentialsException("401 from provider", null), 1, null);
    channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);

    GetResponse dead = null;
    for (int i = 0; i < 50 && dead == null; i++) {
      dead = channel.basicGet(topology.deadLetterQueue(Provider.AZURE), true);
      if (dead == null) {
        Thread.sleep(100);
      }
    }
    assertThat(dead).isNotNull();
    Map<String, Object> h = dead.getProps().getHeaders();
    assertThat(h.get(DeadLetterHeaders.STAGE).toString()).isEqualTo("fetch");
    assertThat(h.get(DeadLetterHeaders.PROVIDER).toString()).isEqualTo("azure");
    assertThat(h.get(DeadLetterHeaders.EXCEPTION_CLASS).toString()).endsWith("BadCredentialsException");
    assertThat(h.get(DeadLetterHeaders.EXCEPTION_MESSAGE).toString()).isEqualTo("401 from provider");
    assertThat(h.get(DeadLetterHeaders.ATTEMPTS)).isEqualTo(1);
    assertThat(h.get(DeadLetterHeaders.FIRST_FAILED_AT).toString()).isNotBlank();
    assertThat(h.get(DeadLetterHeaders.JOB_ID).toString()).isEqualTo(job.jobId());
    assertThat(codec.decodeJob(dead.getBody())).isEqualTo(job);
    assertThat(channel.messageCount(topology.deadLetterQueue(Provider.GCP))).isZero();
  }

  @Test
  void aMessageRejectedWithoutRequeueIsDeadLetteredByTheBroker() throws Exception {
    publish(ExtractionJob.of(Provider.AWS, "cur", "a", YearMonth.of(2026, 9), Dataset.USAGE, 1, Instant.now()));
    GetResponse delivery = channel.basicGet(topology.jobsQueue(Provider.AWS), false);
    channel.basicReject(delivery.getEnvelope().getDeliveryTag(), false);
    GetResponse dead = null;
    for (int i = 0; i < 50 && dead == null; i++) {
      dead = channel.basicGet(topology.deadLetterQueue(Provider.AWS), true);
      if (dead == null) {
        Thread.sleep(100);
      }
    }
    assertThat(dead).isNotNull();
    assertThat(dead.getProps().getHeaders()).containsKey("x-death");
  }
}
