package io.costfleet.worker.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.costfleet.job.CloudEvent;
import io.costfleet.job.Dataset;
import io.costfleet.job.DeadLetterHeaders;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Provider;
import io.costfleet.job.Topology;
import io.costfleet.job.TopologyDeclarer;
import io.costfleet.job.WireCodec;
import io.costfleet.model.CostRecord;
import io.costfleet.staging.ParquetRecordReader;
import io.costfleet.staging.PartitionKey;
import io.costfleet.staging.StagingLayout;
import io.costfleet.state.CursorState;
import io.costfleet.state.CursorStore;
import io.costfleet.state.RedisCursorStore;
import io.costfleet.testing.RedisNamespace;
import io.costfleet.testing.Amqp;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The worker runtime against the real RabbitMQ: acks, retries through the delay queue, dead letters, shutdown. */
class WorkerRuntimeIT {
  private final WireCodec codec = new WireCodec();
  private final RedisNamespace redis = RedisNamespace.create();
  private CursorStore cursors;
  private final List<ConfigurableApplicationContext> apps = new ArrayList<>();
  private Topology topology;
  private Connection connection;
  private Channel channel;
  private String eventsQueue;

  @TempDir
  Path storage;

  @BeforeEach
  void setUp() throws Exception {
    topology = Amqp.privateTopology();
    connection = Amqp.connect();
    channel = connection.createChannel();
    new TopologyDeclarer(topology).declare(channel);
    eventsQueue = channel.queueDeclare().getQueue();
    channel.queueBind(eventsQueue, topology.eventsExchange(), "job.#");
    channel.confirmSelect();
    cursors = new RedisCursorStore(redis.connect());
  }

  @AfterEach
  void tearDown() throws Exception {
    for (ConfigurableApplicationContext app : apps) {
      app.close();
    }
    new TopologyDeclarer(topology).delete(channel);
    connection.close();
    redis.close();
  }

  private ConfigurableApplicationContext startWorker(String... extra) {
    List<String> args = new ArrayList<>(List.of(
        "--server.port=0",
        "--costfleet.worker.provider=aws",
        "--costfleet.worker.max-attempts=3",
        "--costfleet.worker.backoff-initial=100ms",
        "--costfleet.worker.backoff-max=300ms",
        "--costfleet.worker.lease-ttl=3s",
        "--costfleet.worker.lease-renew-every=1s",
        "--costfleet.worker.shutdown-timeout=10s",
        "--costfleet.ratelimit.defaults.permits-per-second=1000",
        "--costfleet.ratelimit.defaults.burst=1000",
        "--costfleet.topology.namespace=" + topology.namespace(),
        "--costfleet.storage.root=" + storage,
        "--costfleet.redis.key-prefix=" + redis.prefix(),
        "--spring.rabbitmq.host=127.0.0.1"));
    args.addAll(List.of(extra));
    ConfigurableApplicationContext app = new SpringApplicationBuilder(TestWorkerApplication.class)
        .run(args.toArray(String[]::new));
    apps.add(app);
    return app;
  }

  private ExtractionJob job(String account) {
    return ExtractionJob.of(Provider.AWS, "test", account, YearMonth.of(2026, 10), Dataset.USAGE, 5, Instant.now());
  }

  private void publish(ExtractionJob job) throws Exception {
    publish(job.routingKey(), codec.encode(job));
  }

  private void publish(String routingKey, byte[] body) throws Exception {
    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType(WireCodec.CONTENT_TYPE)
        .deliveryMode(2).priority(5).build();
    channel.basicPublish(topology.jobsExchange(), routingKey, true, props, body);
    channel.waitForConfirmsOrDie(5_000);
  }

  private GetResponse next(String queue) {
    GetResponse[] got = new GetResponse[1];
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
        .until(() -> (got[0] = channel.basicGet(queue, true)) != null);
    return got[0];
  }

  /** The next event of a type, skipping others (job.started, retry notices). */
  private CloudEvent nextEvent(String type) {
    while (true) {
      CloudEvent e = codec.decodeEvent(next(eventsQueue).getBody());
      if (e.type().equals(type)) {
        return e;
      }
    }
  }

  private List<CostRecord> staged(ExtractionJob job) {
    Path dir = new StagingLayout(storage).jobStagingDir(PartitionKey.of(job), job.jobId());
    return new ParquetRecordReader().readAll(dir.resolve("*.parquet"));
  }

  private static BigDecimal total(List<CostRecord> records) {
    return records.stream().map(CostRecord::billedCost).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  @Test
  void aJobIsRunAckedAndAnnouncedWithItsCounts() throws Exception {
    ConfigurableApplicationContext app = startWorker();
    ExtractionJob job = job("111122223333");

    publish(job);

    CloudEvent started = codec.decodeEvent(next(eventsQueue).getBody());
    assertThat(started.type()).isEqualTo(CloudEvent.JOB_STARTED);
    assertThat(started.data().get("job").get("jobId").asText()).isEqualTo(job.jobId());
    CloudEvent event = codec.decodeEvent(next(eventsQueue).getBody());
    assertThat(event.type()).isEqualTo(CloudEvent.JOB_COMPLETED);
    assertThat(event.id()).isEqualTo(job.jobId() + ":completed");
    assertThat(event.data().get("rows").asLong()).isEqualTo(TestSource.PAGES * TestSource.PER_PAGE);
    assertThat(event.data().get("pages").asLong()).isEqualTo(TestSource.PAGES);
    assertThat(total(staged(job))).isEqualByComparingTo(TestSource.jobTotal());
    assertThat(channel.messageCount(topology.jobsQueue(Provider.AWS))).isZero();
    assertThat(cursors.load(job.cursorName()).map(CursorState::done)).contains(true);

    int port = app.getEnvironment().getProperty("local.server.port", Integer.class);
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> health = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"rabbit\"", "\"costfleetRedis\"");
    HttpResponse<String> prometheus = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(prometheus.body()).contains("costfleet_records_total{outcome=\"staged\",provider=\"aws\",source=\"test\"} 20.0");
  }

  @Test
  void aPermanentFailureIsDeadLetteredAtOnceWithContextHeaders() throws Exception {
    startWorker();
    ExtractionJob job = job("denied");

    publish(job);

    GetResponse dead = next(topology.deadLetterQueue(Provider.AWS));
    Map<String, Object> h = dead.getProps().getHeaders();
    assertThat(h.get(DeadLetterHeaders.STAGE).toString()).isEqualTo("fetch");
    assertThat(h.get(DeadLetterHeaders.PROVIDER).toString()).isEqualTo("aws");
    assertThat(h.get(DeadLetterHeaders.EXCEPTION_CLASS).toString())
        .isEqualTo("io.costfleet.source.BadCredentialsException");
    assertThat(h.get(DeadLetterHeaders.EXCEPTION_MESSAGE).toString()).contains("AccessDenied");
    assertThat(h.get(DeadLetterHeaders.ATTEMPTS)).isEqualTo(1);
    assertThat(h.get(DeadLetterHeaders.JOB_ID).toString()).isEqualTo(job.jobId());
    assertThat(codec.decodeJob(dead.getBody())).isEqualTo(job);
    CloudEvent failed = nextEvent(CloudEvent.JOB_FAILED);
    assertThat(failed.data().get("stage").asText()).isEqualTo("fetch");
    assertThat(failed.data().get("deadLettered").asBoolean()).isTrue();
    assertThat(failed.data().get("exceptionClass").asText()).isEqualTo("io.costfleet.source.BadCredentialsException");
  }

  @Test
  void aTransientFailureIsRetriedThroughTheDelayQueueAndTheLastAttemptIsDeadLettered() throws Exception {
    startWorker();
    ExtractionJob recovers = job("flaky-2");
    ExtractionJob neverRecovers = job("flaky-99");

    publish(recovers);
    publish(neverRecovers);

    CloudEvent completed = nextEvent(CloudEvent.JOB_COMPLETED);
    assertThat(completed.subject()).isEqualTo(recovers.jobId());
    assertThat(completed.data().get("attempt").asInt()).isEqualTo(3);
    assertThat(total(staged(recovers))).isEqualByComparingTo(TestSource.jobTotal());

    GetResponse dead = next(topology.deadLetterQueue(Provider.AWS));
    assertThat(dead.getProps().getHeaders().get(DeadLetterHeaders.ATTEMPTS)).isEqualTo(3);
    assertThat(dead.getProps().getHeaders().get(DeadLetterHeaders.EXCEPTION_CLASS).toString())
        .endsWith("UnavailableException");
    assertThat(codec.decodeJob(dead.getBody()).attempt()).isEqualTo(2);
    assertThat(channel.messageCount(topology.retryQueue(Provider.AWS))).isZero();
  }

  @Test
  void anUndecodableMessageIsDeadLetteredAsPoison() throws Exception {
    startWorker();

    publish("aws.test.x.2026-10", "{not json".getBytes(StandardCharsets.UTF_8));

    GetResponse dead = next(topology.deadLetterQueue(Provider.AWS));
    assertThat(dead.getProps().getHeaders().get(DeadLetterHeaders.STAGE).toString()).isEqualTo("decode");
    assertThat(dead.getProps().getHeaders().get(DeadLetterHeaders.EXCEPTION_CLASS).toString())
        .endsWith("PoisonMessageException");
    assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).isEqualTo("{not json");
  }

  @Test
  void aWorkerStoppedMidJobRequeuesItAndAnotherFinishesItWithoutDuplicates() throws Exception {
    ConfigurableApplicationContext first = startWorker();
    ExtractionJob job = job("slow");
    publish(job);
    await().atMost(Duration.ofSeconds(20))
        .until(() -> cursors.load(job.cursorName()).map(CursorState::pages).orElse(0L) >= 2);

    first.close();

    CursorState stopped = cursors.load(job.cursorName()).orElseThrow();
    assertThat(stopped.done()).isFalse();
    assertThat(channel.messageCount(topology.jobsQueue(Provider.AWS))).as("requeued").isEqualTo(1);
    startWorker();
    CloudEvent event = nextEvent(CloudEvent.JOB_COMPLETED);
    List<CostRecord> staged = staged(job);
    assertThat(staged).hasSize(TestSource.PAGES * TestSource.PER_PAGE);
    assertThat(total(staged)).isEqualByComparingTo(TestSource.jobTotal());
  }

  @Test
  void invalidConfigurationFailsAtStartUpNamingTheKey() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> startWorker("--costfleet.worker.concurrency=0"))
        .hasStackTraceContaining("costfleet.worker.concurrency must be >= 1, was 0");
  }
}
