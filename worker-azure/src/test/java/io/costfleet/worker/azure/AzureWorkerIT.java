package io.costfleet.worker.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.costfleet.job.CloudEvent;
import io.costfleet.job.Dataset;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Provider;
import io.costfleet.job.Topology;
import io.costfleet.job.TopologyDeclarer;
import io.costfleet.job.WireCodec;
import io.costfleet.model.CostRecord;
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
import io.costfleet.worker.azure.sim.AzureSimulator;
import io.costfleet.worker.azure.sim.SimRequestLog;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The azure worker end to end: real RabbitMQ and Redis, the real Azure SDK clients (JDK HTTP, TLS,
 * bearer token) against the simulator, two worker processes' worth of Spring contexts with two
 * consumers each, shared by the tests of this class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AzureWorkerIT {
  private static final YearMonth LAST = YearMonth.of(2026, 10);
  private final WireCodec codec = new WireCodec();
  private final RedisNamespace redis = RedisNamespace.create();
  private final List<ConfigurableApplicationContext> workers = new ArrayList<>();
  private CursorStore cursors;
  private AzureSimulator sim;
  private Topology topology;
  private Connection connection;
  private Channel channel;
  private String eventsQueue;

  @TempDir
  static Path storage;

  @BeforeAll
  void setUp() throws Exception {
    topology = Amqp.privateTopology();
    connection = Amqp.connect();
    channel = connection.createChannel();
    new TopologyDeclarer(topology).declare(channel);
    eventsQueue = channel.queueDeclare().getQueue();
    channel.queueBind(eventsQueue, topology.eventsExchange(), "job.#");
    channel.confirmSelect();
    cursors = new RedisCursorStore(redis.connect());
    AzureSimulator.Settings d = AzureSimulator.Settings.defaults();
    sim = AzureSimulator.start(new AzureSimulator.Settings(d.host(), 0, 42L, 3, LAST, 2, 1000, 500, 89, 6000,
        d.storageAccount(), d.billingAccount()));
    startWorker("worker-a", 2);
    startWorker("worker-b", 2);
  }

  @BeforeEach
  void clearRequestLog() {
    sim.requests().clear();
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

  private ConfigurableApplicationContext startWorker(String name, int concurrency) throws Exception {
    Path pem = storage.resolve("azure-sim.pem");
    if (!Files.exists(pem)) {
      sim.tls().writePem(pem);
    }
    ConfigurableApplicationContext app = new SpringApplicationBuilder(AzureWorkerApplication.class).run(
        "--server.port=0",
        "--costfleet.worker.id=" + name,
        "--costfleet.worker.concurrency=" + concurrency,
        "--costfleet.worker.prefetch=1",
        "--costfleet.worker.backoff-initial=100ms",
        "--costfleet.worker.backoff-max=500ms",
        "--costfleet.worker.lease-ttl=5s",
        "--costfleet.worker.lease-renew-every=1s",
        "--costfleet.ratelimit.defaults.permits-per-second=1000",
        "--costfleet.ratelimit.defaults.burst=100",
        "--costfleet.topology.namespace=" + topology.namespace(),
        "--costfleet.storage.root=" + storage.resolve("data"),
        "--costfleet.redis.key-prefix=" + redis.prefix(),
        "--costfleet.azure.credential=simulator",
        "--costfleet.azure.trust-certificate=" + pem,
        "--costfleet.azure.timeout=10s",
        "--costfleet.azure.query.endpoint=" + sim.baseUrl(),
        "--costfleet.azure.exports.storage-endpoint=" + sim.storageEndpoint(),
        "--costfleet.azure.exports.rows-per-page=400",
        "--spring.rabbitmq.host=127.0.0.1");
    workers.add(app);
    return app;
  }

  private static ExtractionJob job(String source, String subscription, YearMonth month, Dataset dataset) {
    return ExtractionJob.of(Provider.AZURE, source, subscription, month, dataset, 5, Instant.now());
  }

  private void publish(ExtractionJob job) throws Exception {
    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType(WireCodec.CONTENT_TYPE)
        .deliveryMode(2).priority(job.priority()).messageId(job.jobId()).build();
    channel.basicPublish(topology.jobsExchange(), job.routingKey(), true, props, codec.encode(job));
    channel.waitForConfirmsOrDie(5_000);
  }

  private List<CloudEvent> completedEvents(int n, Duration within) {
    List<CloudEvent> out = new ArrayList<>();
    while (out.size() < n) {
      GetResponse[] got = new GetResponse[1];
      await().atMost(within).pollInterval(Duration.ofMillis(50))
          .until(() -> (got[0] = channel.basicGet(eventsQueue, true)) != null);
      CloudEvent e = codec.decodeEvent(got[0].getBody());
      assertThat(e.type()).as("no job fails: %s", e.data()).isNotEqualTo(CloudEvent.JOB_FAILED);
      if (e.type().equals(CloudEvent.JOB_COMPLETED)) {
        out.add(e);
      }
    }
    return out;
  }

  private List<CostRecord> staged(ExtractionJob job) {
    Path dir = new StagingLayout(storage.resolve("data")).jobStagingDir(PartitionKey.of(job), job.jobId());
    return new ParquetRecordReader().readAll(dir.resolve("*.parquet"));
  }

  private List<QuarantineWriter.Entry> quarantined(ExtractionJob job) throws Exception {
    Path dir = new StagingLayout(storage.resolve("data")).quarantinePage(PartitionKey.of(job), job.jobId(), 1)
        .getParent();
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

  private static BigDecimal sum(List<CostRecord> records, Function<CostRecord, BigDecimal> f) {
    return records.stream().map(f).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private void assertMatches(ExtractionJob job, GroundTruth truth) throws Exception {
    GroundTruth.Entry t = truth.entries().stream()
        .filter(e -> e.account().equals(job.accountId()) && e.period().equals(job.billingPeriod().toString())
            && e.dataset().equals(job.dataset().code()))
        .findFirst().orElseThrow();
    List<CostRecord> staged = staged(job);
    String what = job.source() + " " + job.accountId() + " " + job.billingPeriod() + " " + job.dataset().code();
    assertThat(staged).as("records of %s", what).hasSize((int) t.records());
    assertThat(sum(staged, CostRecord::billedCost)).as("BilledCost of %s", what).isEqualByComparingTo(t.billedCost());
    assertThat(sum(staged, CostRecord::effectiveCost)).as("EffectiveCost of %s", what)
        .isEqualByComparingTo(t.effectiveCost());
    Set<String> keys = new HashSet<>();
    staged.forEach(r -> keys.add(r.xSourceRecordHash()));
    assertThat(keys).as("no duplicate in %s", what).hasSize(staged.size());
    assertThat(quarantined(job)).as("quarantined of %s", what).hasSize((int) t.malformed())
        .allSatisfy(e -> assertThat(e.violations()).extracting(v -> v.code()).contains("Ragged"));
    assertThat(cursors.load(job.cursorName()).map(CursorState::done)).contains(true);
  }

  @Test
  void threeSubscriptionsTimesTwoMonthsOfQueryAndExportJobsOnTwoWorkersEqualTheGroundTruth() throws Exception {
    List<ExtractionJob> queryJobs = new ArrayList<>();
    List<ExtractionJob> exportJobs = new ArrayList<>();
    for (String sub : sim.subscriptions()) {
      for (YearMonth month : sim.servedMonths()) {
        queryJobs.add(job("query", sub, month, Dataset.USAGE));
        exportJobs.add(job("cost-export", sub, month, Dataset.AMORTIZED));
      }
    }
    for (ExtractionJob job : queryJobs) {
      publish(job);
    }
    for (ExtractionJob job : exportJobs) {
      publish(job);
    }
    List<CloudEvent> completed = completedEvents(12, Duration.ofSeconds(120));
    assertThat(completed).extracting(e -> e.data().get("worker").asText()).contains("worker-a", "worker-b");
    GroundTruth queryTruth = sim.queryTruth();
    GroundTruth exportTruth = sim.exportTruth();
    for (ExtractionJob job : queryJobs) {
      assertMatches(job, queryTruth);
      assertThat(staged(job)).allSatisfy(r -> assertThat(r.xSource()).isEqualTo("query"));
    }
    for (ExtractionJob job : exportJobs) {
      assertMatches(job, exportTruth);
    }
    assertThat(sim.requests().entries()).filteredOn(e -> e.api().equals("query"))
        .hasSize(12).allSatisfy(e -> {
          assertThat(e.status()).isEqualTo(200);
          assertThat(e.clientType()).isEqualTo("costfleet");
        });
  }

  @Test
  void aQpuThrottleOfTenSecondsPausesEveryWorkersCallsToThatScopeAndNoOther() throws Exception {
    String throttledSub = sim.subscriptions().get(0);
    String scope = "subscriptions/" + throttledSub;
    sim.throttleNext(1, "qpu", 10, scope);

    ExtractionJob first = job("query", throttledSub, sim.servedMonths().get(0), Dataset.AMORTIZED);
    publish(first);
    await().atMost(Duration.ofSeconds(20)).until(() -> sim.requests().entries().stream().anyMatch(e -> e.status() == 429));
    Instant throttledAt = sim.requests().entries().stream().filter(e -> e.status() == 429).findFirst().orElseThrow().at();
    // The simulator logs the 429 as it sends it; give the first worker a moment to receive it and record the
    // back-off in Redis (a call already in flight when a 429 is answered cannot be held back by any limiter).
    Thread.sleep(1_000);
    // Whoever holds the first job waits out the back-off with it. Two more jobs of the throttled scope go to two
    // of the three free consumers, so the scope's three jobs are on both workers; the last free consumer reads
    // another scope meanwhile.
    ExtractionJob second = job("query", throttledSub, sim.servedMonths().get(1), Dataset.AMORTIZED);
    ExtractionJob third = ExtractionJob.of(Provider.AZURE, "query", throttledSub, sim.servedMonths().get(0),
        Dataset.AMORTIZED, null, null, 5, 1, Instant.now());
    ExtractionJob elsewhere = job("query", sim.subscriptions().get(1), sim.servedMonths().get(0), Dataset.AMORTIZED);
    publish(second);
    publish(third);
    publish(elsewhere);

    List<CloudEvent> completed = completedEvents(4, Duration.ofSeconds(60));
    Set<String> throttledJobs = Set.of(first.jobId(), second.jobId(), third.jobId());
    assertThat(completed).filteredOn(e -> throttledJobs.contains(e.subject()))
        .extracting(e -> e.data().get("worker").asText()).contains("worker-a", "worker-b");

    List<SimRequestLog.Entry> log = sim.requests().entries();
    List<SimRequestLog.Entry> toScope = log.stream().filter(e -> e.scope().equalsIgnoreCase(scope)).toList();
    assertThat(toScope).as("calls to %s: %s", scope, toScope).filteredOn(e -> e.status() == 429).hasSize(1);
    assertThat(log).as("no call reached a scope inside its throttling window").noneMatch(SimRequestLog.Entry::early);
    Instant resumed = toScope.stream().map(SimRequestLog.Entry::at).filter(at -> at.isAfter(throttledAt)).min(
        Instant::compareTo).orElseThrow();
    Duration paused = Duration.between(throttledAt, resumed);
    System.out.printf("azure throttle: 429 at %s, next call to %s after %d ms%n", throttledAt, scope, paused.toMillis());
    assertThat(paused).as("every worker waited out the 10 s back-off").isGreaterThanOrEqualTo(Duration.ofMillis(9_900));
    assertThat(toScope.stream().filter(e -> e.at().isAfter(throttledAt) && e.status() == 200).count())
        .as("the scope's three jobs made their calls after the pause").isEqualTo(6);
    assertThat(log).as("another scope was not paused").anySatisfy(e -> {
      assertThat(e.scope()).isEqualToIgnoringCase("subscriptions/" + sim.subscriptions().get(1));
      assertThat(e.at()).isBefore(throttledAt.plusSeconds(10));
    });
    GroundTruth truth = sim.queryTruth();
    assertMatches(first, truth);
    assertMatches(second, truth);
    assertMatches(third, truth);
    assertMatches(elsewhere, truth);
  }
}
