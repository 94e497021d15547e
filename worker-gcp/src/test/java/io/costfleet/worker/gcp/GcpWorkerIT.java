package io.costfleet.worker.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.costfleet.job.CloudEvent;
import io.costfleet.job.DeadLetterHeaders;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Provider;
import io.costfleet.job.Topology;
import io.costfleet.job.TopologyDeclarer;
import io.costfleet.job.Window;
import io.costfleet.job.WireCodec;
import io.costfleet.model.CostRecord;
import io.costfleet.sim.FaultPlan;
import io.costfleet.sim.GroundTruth;
import io.costfleet.staging.ParquetRecordReader;
import io.costfleet.staging.PartitionKey;
import io.costfleet.staging.StagingLayout;
import io.costfleet.testing.Amqp;
import io.costfleet.testing.RedisNamespace;
import io.costfleet.worker.gcp.sim.BigQuerySimulator;
import io.costfleet.worker.gcp.sim.BillingDataGenerator;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The gcp worker end to end: real RabbitMQ and Redis, the real google-cloud-bigquery client against
 * the BigQuery simulator, two worker processes' worth of Spring contexts (one job at a time each,
 * so two jobs run on two workers), shared by the tests of this class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GcpWorkerIT {
  static final Duration THROTTLE_BACKOFF = Duration.ofSeconds(3);
  static final String STANDARD = BillingDataGenerator.STANDARD_ACCOUNT;
  static final String DETAILED = BillingDataGenerator.DETAILED_ACCOUNT;
  private final WireCodec codec = new WireCodec();
  private final RedisNamespace redis = RedisNamespace.create();
  private final List<ConfigurableApplicationContext> workers = new ArrayList<>();
  private BigQuerySimulator sim;
  private Topology topology;
  private Connection connection;
  private Channel channel;
  private String eventsQueue;

  @TempDir
  static Path storage;

  @BeforeAll
  void setUp() throws Exception {
    sim = BigQuerySimulator.start("127.0.0.1", 0, 7L, List.of(SimFixture.PERIOD));
    topology = Amqp.privateTopology();
    connection = Amqp.connect();
    channel = connection.createChannel();
    new TopologyDeclarer(topology).declare(channel);
    eventsQueue = channel.queueDeclare().getQueue();
    channel.queueBind(eventsQueue, topology.eventsExchange(), "job.#");
    channel.confirmSelect();
    startWorker("worker-a");
    startWorker("worker-b");
  }

  @AfterEach
  void resetSimulator() {
    sim.server().faults().set(FaultPlan.none());
    sim.setNow(Instant.parse("9999-12-31T00:00:00Z"));
  }

  @AfterAll
  void tearDown() throws Exception {
    for (ConfigurableApplicationContext w : workers) {
      w.close();
    }
    sim.close();
    new TopologyDeclarer(topology).delete(channel);
    connection.close();
    redis.close();
  }

  private void startWorker(String name) {
    List<String> args = new ArrayList<>(List.of(
        "--server.port=0",
        "--costfleet.worker.id=" + name,
        "--costfleet.worker.concurrency=1",
        "--costfleet.worker.throttle-backoff=" + THROTTLE_BACKOFF.toMillis() + "ms",
        "--costfleet.worker.throttle-retries-per-page=50",
        "--costfleet.worker.backoff-initial=100ms",
        "--costfleet.worker.backoff-max=500ms",
        "--costfleet.worker.lease-ttl=5s",
        "--costfleet.worker.lease-renew-every=1s",
        "--costfleet.ratelimit.defaults.permits-per-second=1000",
        "--costfleet.ratelimit.defaults.burst=100",
        "--costfleet.topology.namespace=" + topology.namespace(),
        "--costfleet.storage.root=" + storage,
        "--costfleet.redis.key-prefix=" + redis.prefix(),
        "--costfleet.gcp.project-id=costfleet-it",
        "--costfleet.gcp.host=" + sim.baseUrl(),
        "--costfleet.gcp.credentials=none",
        "--costfleet.gcp.page-size=100",
        "--costfleet.gcp.accounts[0].id=" + STANDARD,
        "--costfleet.gcp.accounts[0].table=" + BillingDataGenerator.tableId(STANDARD),
        "--costfleet.gcp.accounts[1].id=" + DETAILED,
        "--costfleet.gcp.accounts[1].table=" + BillingDataGenerator.tableId(DETAILED),
        "--costfleet.gcp.accounts[2].id=" + BillingDataGenerator.BROKEN_ACCOUNT,
        "--costfleet.gcp.accounts[2].table=" + BillingDataGenerator.tableId(BillingDataGenerator.BROKEN_ACCOUNT),
        "--spring.rabbitmq.host=127.0.0.1"));
    workers.add(new SpringApplicationBuilder(GcpWorkerApplication.class).run(args.toArray(String[]::new)));
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

  /** Waits for the job.completed events of these jobs. */
  private void completed(List<ExtractionJob> jobs, Duration within) {
    java.util.Set<String> waiting = new java.util.HashSet<>(jobs.stream().map(ExtractionJob::jobId).toList());
    while (!waiting.isEmpty()) {
      CloudEvent e = codec.decodeEvent(next(eventsQueue, within).getBody());
      if (e.type().equals(CloudEvent.JOB_COMPLETED)) {
        waiting.remove(e.subject());
      }
    }
  }

  private List<CostRecord> staged(ExtractionJob job) {
    Path dir = new StagingLayout(storage).jobStagingDir(PartitionKey.of(job), job.jobId());
    return new ParquetRecordReader().readAll(dir.resolve("*.parquet"));
  }

  private static BigDecimal billed(List<CostRecord> records) {
    return records.stream().map(CostRecord::billedCost).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private GroundTruth.Entry truth(String account) {
    return sim.truth().entries().stream().filter(e -> e.account().equals(account)).findFirst().orElseThrow();
  }

  @Test
  void aResyncWithLateRowsLandsTheMonthToTheCentOnTwoWorkers() throws Exception {
    sim.setNow(Instant.parse("2026-11-01T12:00:00Z"));
    List<ExtractionJob> sync = List.of(SimFixture.wholeMonth(STANDARD), SimFixture.wholeMonth(DETAILED));
    for (ExtractionJob job : sync) {
      publish(job);
    }
    completed(sync, Duration.ofSeconds(90));
    Map<String, BigDecimal> beforeLateRows = Map.of(STANDARD, truth(STANDARD).billedCost(),
        DETAILED, truth(DETAILED).billedCost());

    sim.setNow(Instant.parse("2026-11-09T00:00:00Z"));
    Window resyncWindow = new Window(LocalDate.of(2026, 10, 25), LocalDate.of(2026, 11, 9));
    List<ExtractionJob> resync = List.of(SimFixture.job(STANDARD, resyncWindow, 1),
        SimFixture.job(DETAILED, resyncWindow, 1));
    for (ExtractionJob job : resync) {
      publish(job);
    }
    completed(resync, Duration.ofSeconds(90));

    for (String account : List.of(STANDARD, DETAILED)) {
      List<CostRecord> first = staged(sync.stream().filter(j -> j.accountId().equals(account)).findFirst().orElseThrow());
      List<CostRecord> second = staged(resync.stream().filter(j -> j.accountId().equals(account)).findFirst().orElseThrow());
      List<CostRecord> all = new ArrayList<>(first);
      all.addAll(second);
      List<CostRecord> kept = SimFixture.dedupe(all);
      GroundTruth.Entry truth = truth(account);
      assertThat(billed(first)).as("first sync of " + account).isEqualByComparingTo(beforeLateRows.get(account));
      assertThat(truth.billedCost()).as("late rows of " + account).isNotEqualByComparingTo(beforeLateRows.get(account));
      assertThat(kept.size()).as("overlap of " + account).isLessThan(all.size());
      assertThat(kept).as("records of " + account).hasSize((int) truth.records());
      assertThat(billed(kept)).as("BilledCost of " + account).isEqualByComparingTo(truth.billedCost());
    }

    ExtractionJob detailed = sync.get(1);
    Path raw = new StagingLayout(storage).rawPage(PartitionKey.of(detailed), detailed.jobId(), 1, "json");
    try (InputStream in = new GZIPInputStream(Files.newInputStream(raw))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .as("the unknown column is in the raw archive").contains(BillingDataGenerator.DRIFT_COLUMN);
    }
  }

  @Test
  void aTableWithoutARequiredColumnLandsInTheDeadLetterQueueNamingIt() throws Exception {
    ExtractionJob broken = SimFixture.wholeMonth(BillingDataGenerator.BROKEN_ACCOUNT);
    publish(broken);

    GetResponse dead = next(topology.deadLetterQueue(Provider.GCP), Duration.ofSeconds(60));
    Map<String, Object> h = dead.getProps().getHeaders();
    assertThat(h.get(DeadLetterHeaders.STAGE).toString()).isEqualTo("fetch");
    assertThat(h.get(DeadLetterHeaders.PROVIDER).toString()).isEqualTo("gcp");
    assertThat(h.get(DeadLetterHeaders.EXCEPTION_CLASS).toString()).isEqualTo("io.costfleet.source.SchemaException");
    assertThat(h.get(DeadLetterHeaders.EXCEPTION_MESSAGE).toString())
        .contains("missing required column " + BillingDataGenerator.DROPPED_COLUMN);
    assertThat(h.get(DeadLetterHeaders.ATTEMPTS)).isEqualTo(1);
    assertThat(h.get(DeadLetterHeaders.JOB_ID).toString()).isEqualTo(broken.jobId());
    assertThat(codec.decodeJob(dead.getBody()).jobId()).isEqualTo(broken.jobId());
  }

  @Test
  void rateLimitExceededSeenByOneWorkerPausesEveryWorkerThroughTheSharedLimiter() throws Exception {
    sim.server().faults().set(new FaultPlan(0, 0, 0, 60, false, 0));
    long resumes = sim.calls().getOrDefault("jobs.get", 0L);
    List<ExtractionJob> jobs = List.of(SimFixture.job(STANDARD, Window.of(SimFixture.PERIOD), 2),
        SimFixture.job(DETAILED, Window.of(SimFixture.PERIOD), 2));
    for (ExtractionJob job : jobs) {
      publish(job);
    }
    // Both workers past their first page (jobs.get starts every later page), so both are paging.
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
        .until(() -> sim.calls().getOrDefault("jobs.get", 0L) - resumes >= 2);
    sim.throttleNext(1);
    completed(jobs, Duration.ofSeconds(120));
    for (ExtractionJob job : jobs) {
      assertThat(billed(staged(job))).isEqualByComparingTo(truth(job.accountId()).billedCost());
    }

    List<BigQuerySimulator.Request> log = sim.requestLog();
    BigQuerySimulator.Request throttled = log.stream().filter(r -> r.outcome().equals("throttled"))
        .reduce((a, b) -> b).orElseThrow();
    // A page starts with tables.get (first page) or jobs.get (later pages) after taking a token. The
    // back-off reaches Redis a moment after the 403, so the window opens a little after it.
    long from = throttled.nanos() + Duration.ofMillis(300).toNanos();
    long to = throttled.nanos() + THROTTLE_BACKOFF.multipliedBy(9).dividedBy(10).toNanos();
    assertThat(log.stream().filter(r -> r.nanos() > from && r.nanos() < to)
        .filter(r -> r.method().equals("tables.get") || r.method().equals("jobs.get")))
        .as("pages started by any worker while the fleet backs off").isEmpty();
    assertThat(log.stream().filter(r -> r.nanos() >= to)).as("the fleet resumed after the back-off").isNotEmpty();
  }
}
