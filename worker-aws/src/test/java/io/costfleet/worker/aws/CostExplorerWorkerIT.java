package io.costfleet.worker.aws;

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
import io.costfleet.sim.FaultPlan;
import io.costfleet.sim.GroundTruth;
import io.costfleet.staging.ParquetRecordReader;
import io.costfleet.staging.PartitionKey;
import io.costfleet.staging.QuarantineWriter;
import io.costfleet.staging.StagingLayout;
import io.costfleet.state.CursorState;
import io.costfleet.state.CursorStore;
import io.costfleet.state.RedisCursorStore;
import io.costfleet.testing.Amqp;
import io.costfleet.testing.RedisNamespace;
import io.costfleet.worker.aws.sim.CostExplorerSimulator;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The aws worker end to end: real RabbitMQ and Redis, the real SDK client against the Cost
 * Explorer simulator, two worker processes' worth of Spring contexts.
 */
class CostExplorerWorkerIT {
  private static final YearMonth PERIOD = YearMonth.of(2026, 10);
  private final WireCodec codec = new WireCodec();
  private final RedisNamespace redis = RedisNamespace.create();
  private final List<ConfigurableApplicationContext> workers = new ArrayList<>();
  private CursorStore cursors;
  private CostExplorerSimulator sim;
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
    for (ConfigurableApplicationContext w : workers) {
      w.close();
    }
    if (sim != null) {
      sim.close();
    }
    new TopologyDeclarer(topology).delete(channel);
    connection.close();
    redis.close();
  }

  private ConfigurableApplicationContext startWorker(String name) {
    ConfigurableApplicationContext app = new SpringApplicationBuilder(AwsWorkerApplication.class).run(
        "--server.port=0",
        "--costfleet.worker.id=" + name,
        "--costfleet.worker.concurrency=2",
        "--costfleet.worker.backoff-initial=100ms",
        "--costfleet.worker.backoff-max=500ms",
        "--costfleet.worker.lease-ttl=3s",
        "--costfleet.worker.lease-renew-every=500ms",
        "--costfleet.worker.throttle-backoff=20ms",
        "--costfleet.ratelimit.defaults.permits-per-second=1000",
        "--costfleet.ratelimit.defaults.burst=100",
        "--costfleet.topology.namespace=" + topology.namespace(),
        "--costfleet.storage.root=" + storage,
        "--costfleet.redis.key-prefix=" + redis.prefix(),
        "--costfleet.aws.ce.endpoint=" + sim.baseUrl(),
        "--costfleet.aws.ce.access-key-id=AKIDSIMULATOR",
        "--costfleet.aws.ce.secret-access-key=simulator-secret",
        "--spring.rabbitmq.host=127.0.0.1");
    workers.add(app);
    return app;
  }

  private ExtractionJob job(String account) {
    return ExtractionJob.of(Provider.AWS, "cost-explorer", account, PERIOD, Dataset.USAGE, 5, Instant.now());
  }

  private void publish(ExtractionJob job) throws Exception {
    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType(WireCodec.CONTENT_TYPE)
        .deliveryMode(2).priority(job.priority()).messageId(job.jobId()).build();
    channel.basicPublish(topology.jobsExchange(), job.routingKey(), true, props, codec.encode(job));
    channel.waitForConfirmsOrDie(5_000);
  }

  private GetResponse next(String queue, Duration within) {
    GetResponse[] got = new GetResponse[1];
    await().atMost(within).pollInterval(Duration.ofMillis(50))
        .until(() -> (got[0] = channel.basicGet(queue, true)) != null);
    return got[0];
  }

  private List<CloudEvent> completedEvents(int n, Duration within) {
    List<CloudEvent> out = new ArrayList<>();
    while (out.size() < n) {
      CloudEvent e = codec.decodeEvent(next(eventsQueue, within).getBody());
      if (e.type().equals(CloudEvent.JOB_COMPLETED)) {
        out.add(e);
      }
    }
    return out;
  }

  private List<CostRecord> staged(ExtractionJob job) {
    Path dir = new StagingLayout(storage).jobStagingDir(PartitionKey.of(job), job.jobId());
    return new ParquetRecordReader().readAll(dir.resolve("*.parquet"));
  }

  private List<QuarantineWriter.Entry> quarantined(ExtractionJob job) throws Exception {
    Path dir = new StagingLayout(storage).quarantinePage(PartitionKey.of(job), job.jobId(), 1).getParent();
    List<QuarantineWriter.Entry> out = new ArrayList<>();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.sorted().toList()) {
          out.addAll(new QuarantineWriter().read(f));
        }
      }
    }
    return out;
  }

  private static BigDecimal sum(List<CostRecord> records, java.util.function.Function<CostRecord, BigDecimal> f) {
    return records.stream().map(f).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private void assertMatchesTruth(ExtractionJob job) {
    GroundTruth.Entry truth = sim.truth(job.accountId(), PERIOD);
    List<CostRecord> staged = staged(job);
    assertThat(staged).as("records of " + job.accountId()).hasSize((int) truth.records());
    assertThat(sum(staged, CostRecord::billedCost)).as("BilledCost of " + job.accountId())
        .isEqualByComparingTo(truth.billedCost());
    assertThat(sum(staged, CostRecord::effectiveCost)).as("EffectiveCost of " + job.accountId())
        .isEqualByComparingTo(truth.effectiveCost());
    Set<String> keys = new HashSet<>();
    staged.forEach(r -> keys.add(r.xSourceRecordHash()));
    assertThat(keys).as("no duplicate in " + job.accountId()).hasSize(staged.size());
  }

  @Test
  void twentyAccountMonthJobsOnTwoWorkersMatchTheGroundTruthQuarantineExactlyTheMalformedGroupsAndDeadLetterDenial()
      throws Exception {
    sim = CostExplorerSimulator.start(CostExplorerSimulator.Options.defaults().withAccounts(21).withPageSize(150));
    sim.faults().set(new FaultPlan(0, 0, 0, 0, false, 97));
    String deniedAccount = sim.accounts().get(20);
    sim.deny(deniedAccount);
    startWorker("worker-a");
    startWorker("worker-b");

    List<ExtractionJob> jobs = sim.accounts().subList(0, 20).stream().map(this::job).toList();
    for (ExtractionJob job : jobs) {
      publish(job);
    }
    ExtractionJob denied = job(deniedAccount);
    publish(denied);

    List<CloudEvent> completed = completedEvents(20, Duration.ofSeconds(90));
    assertThat(completed).extracting(CloudEvent::subject)
        .containsExactlyInAnyOrderElementsOf(jobs.stream().map(ExtractionJob::jobId).toList());
    assertThat(completed).extracting(e -> e.data().get("worker").asText()).contains("worker-a", "worker-b");
    for (ExtractionJob job : jobs) {
      assertMatchesTruth(job);
      GroundTruth.Entry truth = sim.truth(job.accountId(), PERIOD);
      List<QuarantineWriter.Entry> bad = quarantined(job);
      assertThat(truth.malformed()).isPositive();
      assertThat(bad).extracting(QuarantineWriter.Entry::position)
          .containsExactlyInAnyOrderElementsOf(sim.malformedPositions(job.accountId(), PERIOD));
      assertThat(bad).allSatisfy(e -> {
        assertThat(e.raw()).contains(".5x");
        assertThat(e.violations()).extracting(v -> v.field()).containsExactly("BilledCost");
      });
      assertThat(cursors.load(job.cursorName()).map(CursorState::done)).contains(true);
    }

    GetResponse dead = next(topology.deadLetterQueue(Provider.AWS), Duration.ofSeconds(20));
    Map<String, Object> h = dead.getProps().getHeaders();
    assertThat(h.get(DeadLetterHeaders.STAGE).toString()).isEqualTo("fetch");
    assertThat(h.get(DeadLetterHeaders.PROVIDER).toString()).isEqualTo("aws");
    assertThat(h.get(DeadLetterHeaders.EXCEPTION_CLASS).toString())
        .isEqualTo("io.costfleet.source.BadCredentialsException");
    assertThat(h.get(DeadLetterHeaders.EXCEPTION_MESSAGE).toString()).contains("AccessDeniedException");
    assertThat(h.get(DeadLetterHeaders.ATTEMPTS)).isEqualTo(1);
    assertThat(h.get(DeadLetterHeaders.JOB_ID).toString()).isEqualTo(denied.jobId());
    assertThat(channel.messageCount(topology.jobsQueue(Provider.AWS))).isZero();
  }

  @Test
  void aWorkerKilledMidJobAndARedisFlushMidJobEndWithNoDuplicateAndNoMissingRecord() throws Exception {
    sim = CostExplorerSimulator.start(CostExplorerSimulator.Options.defaults().withAccounts(1).withPageSize(25));
    sim.faults().set(new FaultPlan(7, 0, 0, 60, false, 0));
    ConfigurableApplicationContext first = startWorker("worker-a");
    ExtractionJob job = job(sim.accounts().get(0));
    publish(job);

    await().atMost(Duration.ofSeconds(30))
        .until(() -> cursors.load(job.cursorName()).map(CursorState::pages).orElse(0L) >= 4);
    first.close();
    long pagesAtStop = cursors.load(job.cursorName()).orElseThrow().pages();
    assertThat(pagesAtStop).isGreaterThanOrEqualTo(4);

    startWorker("worker-b");
    await().atMost(Duration.ofSeconds(30))
        .until(() -> cursors.load(job.cursorName()).map(CursorState::pages).orElse(0L) >= pagesAtStop + 4);
    redis.deleteAll();

    completedEvents(1, Duration.ofSeconds(60));
    assertMatchesTruth(job);
    assertThat(sim.faults().stats().throttled()).as("throttling was exercised").isPositive();
  }
}
