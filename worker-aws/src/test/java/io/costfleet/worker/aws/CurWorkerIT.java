package io.costfleet.worker.aws;

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
import io.costfleet.job.RestatementData;
import io.costfleet.job.Topology;
import io.costfleet.job.TopologyDeclarer;
import io.costfleet.job.WireCodec;
import io.costfleet.model.CostRecord;
import io.costfleet.runner.JobManifest;
import io.costfleet.sim.GroundTruth;
import io.costfleet.staging.ParquetRecordReader;
import io.costfleet.staging.PartitionKey;
import io.costfleet.staging.QuarantineWriter;
import io.costfleet.staging.StagingLayout;
import io.costfleet.testing.Amqp;
import io.costfleet.testing.RedisNamespace;
import io.costfleet.testing.Samples;
import io.costfleet.worker.aws.cur.CurRestatementWatcher;
import io.costfleet.worker.aws.sim.CurReportGenerator;
import io.costfleet.worker.aws.sim.CurSimulation;
import io.costfleet.worker.aws.sim.S3Objects;
import io.costfleet.worker.aws.sim.S3Simulator;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The aws worker's CUR source end to end: real RabbitMQ and Redis, the real S3 client against the S3
 * simulator, the Spring worker runtime; staged Parquet compared with the ground truth, and a
 * restatement that leaves exactly the new delivery's totals.
 */
class CurWorkerIT {
  private static final YearMonth PERIOD = YearMonth.now(java.time.ZoneOffset.UTC).minusMonths(1);
  private static final String PAYER = "111122223333";
  private static final String KOKU_PAYER = "4090136019287";
  private final WireCodec codec = new WireCodec();
  private final RedisNamespace redis = RedisNamespace.create();
  private ConfigurableApplicationContext worker;
  private S3Simulator sim;
  private CurSimulation deliveries;
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
    channel.queueBind(eventsQueue, topology.eventsExchange(), "source.#");
    channel.confirmSelect();
    S3Objects objects = new S3Objects();
    objects.mount("koku", Samples.path("aws-cur/koku/s3-layout"));
    deliveries = new CurSimulation(objects, storage.resolve("s3"));
    sim = new S3Simulator("127.0.0.1", 0, objects, deliveries::truth).start();
    worker = new SpringApplicationBuilder(AwsWorkerApplication.class).run(
        "--server.port=0",
        "--costfleet.worker.id=cur-worker",
        "--costfleet.worker.concurrency=2",
        "--costfleet.worker.backoff-initial=100ms",
        "--costfleet.worker.backoff-max=500ms",
        "--costfleet.ratelimit.defaults.permits-per-second=1000",
        "--costfleet.ratelimit.defaults.burst=100",
        "--costfleet.topology.namespace=" + topology.namespace(),
        "--costfleet.storage.root=" + storage.resolve("data"),
        "--costfleet.redis.key-prefix=" + redis.prefix(),
        "--costfleet.aws.ce.enabled=false",
        "--costfleet.aws.cur.endpoint=" + sim.endpoint(),
        "--costfleet.aws.cur.access-key-id=AKIDSIMULATOR",
        "--costfleet.aws.cur.secret-access-key=simulator-secret",
        "--costfleet.aws.cur.page-rows=1000",
        "--costfleet.aws.cur.temp-dir=" + storage.resolve("tmp"),
        "--costfleet.aws.cur.watch-every=0s",
        "--costfleet.aws.cur.reports." + PAYER + ".bucket=billing",
        "--costfleet.aws.cur.reports." + PAYER + ".prefix=cur",
        "--costfleet.aws.cur.reports." + PAYER + ".name=daily",
        "--costfleet.aws.cur.reports." + KOKU_PAYER + ".bucket=koku",
        "--costfleet.aws.cur.reports." + KOKU_PAYER + ".prefix=my-prefix",
        "--costfleet.aws.cur.reports." + KOKU_PAYER + ".name=my-report",
        "--spring.rabbitmq.host=127.0.0.1");
  }

  @AfterEach
  void tearDown() throws Exception {
    if (worker != null) {
      worker.close();
    }
    sim.close();
    new TopologyDeclarer(topology).delete(channel);
    connection.close();
    redis.close();
  }

  private static ExtractionJob job(String account, YearMonth period, int generation) {
    return ExtractionJob.of(Provider.AWS, "cur", account, period, Dataset.USAGE, null, null, 5, generation,
        Instant.now());
  }

  private void publish(ExtractionJob job) throws Exception {
    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType(WireCodec.CONTENT_TYPE)
        .deliveryMode(2).priority(job.priority()).messageId(job.jobId()).build();
    channel.basicPublish(topology.jobsExchange(), job.routingKey(), true, props, codec.encode(job));
    channel.waitForConfirmsOrDie(5_000);
  }

  private void awaitCompleted(ExtractionJob job) {
    awaitEvent(CloudEvent.JOB_COMPLETED, job.jobId());
  }

  private CloudEvent awaitEvent(String type, String subject) {
    CloudEvent[] found = new CloudEvent[1];
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
      GetResponse r = channel.basicGet(eventsQueue, true);
      if (r == null) {
        return false;
      }
      CloudEvent e = codec.decodeEvent(r.getBody());
      assertThat(e.type()).as("event for %s", e.subject()).isNotEqualTo(CloudEvent.JOB_FAILED);
      found[0] = e;
      return e.type().equals(type) && e.subject().equals(subject);
    });
    return found[0];
  }

  private StagingLayout layout() {
    return new StagingLayout(storage.resolve("data"));
  }

  /** What the close reads of a partition: the latest complete generation per slice. */
  private List<CostRecord> readAsClose(ExtractionJob anyJob) throws Exception {
    List<CostRecord> out = new ArrayList<>();
    for (JobManifest m : JobManifest.latestComplete(layout(), PartitionKey.of(anyJob))) {
      Path dir = layout().jobStagingDir(PartitionKey.of(anyJob), m.jobId());
      out.addAll(new ParquetRecordReader().readAll(dir.resolve("*.parquet")));
    }
    return out;
  }

  private long quarantined(ExtractionJob job) throws Exception {
    Path dir = layout().quarantinePage(PartitionKey.of(job), job.jobId(), 1).getParent();
    long n = 0;
    if (Files.isDirectory(dir)) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.toList()) {
          n += new QuarantineWriter().read(f).size();
        }
      }
    }
    return n;
  }

  private static BigDecimal sum(List<CostRecord> records, java.util.function.Function<CostRecord, BigDecimal> f) {
    return records.stream().map(f).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  @Test
  void kokuDeliveryThroughTheWorker() throws Exception {
    ExtractionJob job = job(KOKU_PAYER, YearMonth.of(2018, 8), 0);
    publish(job);
    awaitCompleted(job);
    List<CostRecord> staged = readAsClose(job);
    // Expected: CurNormalizerSamplesTest (Python over the same file).
    assertThat(staged).hasSize(6190);
    // Staged Parquet is DECIMAL(38,18): the file's 20+-digit amounts are rounded at the 18th decimal.
    assertThat(sum(staged, CostRecord::billedCost)).isCloseTo(new BigDecimal("29684.780682464855373934184"),
        org.assertj.core.data.Offset.offset(new BigDecimal("1e-15")));
    assertThat(io.costfleet.model.Money.present(sum(staged, CostRecord::billedCost))).isEqualTo("29684.78");
    JobManifest manifest = JobManifest.latestComplete(layout(), PartitionKey.of(job)).get(0);
    assertThat(manifest.pages()).isEqualTo(7);
    assertThat(manifest.estimated()).as("not invoiced yet").isTrue();
    assertThat(manifest.sourceVersion()).endsWith("_861af42f-713c-4a42-9562-9158a7625630");
  }

  @Test
  void restatementWithANewAssemblyLeavesExactlyTheNewTotals() throws Exception {
    CurSimulation.Report report = new CurSimulation.Report("billing", "cur", "daily", false);
    CurSimulation.Delivery v1 = deliveries.deliver(report,
        new CurReportGenerator.Spec(11, PERIOD, PAYER, 4, 2_500, 499, 1), 2, Instant.parse("2024-04-02T06:00:00Z"));
    ExtractionJob first = job(PAYER, PERIOD, 0);
    publish(first);
    awaitCompleted(first);
    GroundTruth.Entry t1 = deliveries.truth().entries().get(0);
    List<CostRecord> before = readAsClose(first);
    assertThat(before).hasSize((int) t1.records()).hasSize(2 * 2_500 - 2 * 5);
    assertThat(sum(before, CostRecord::billedCost)).isEqualByComparingTo(t1.billedCost());
    assertThat(sum(before, CostRecord::effectiveCost)).isEqualByComparingTo(t1.effectiveCost());
    assertThat(quarantined(first)).isEqualTo(t1.malformed()).isEqualTo(10);
    Set<String> versions = new HashSet<>();
    before.forEach(r -> versions.add(r.xSourceVersion()));
    assertThat(versions).containsExactly("20240402T060000.000Z_" + v1.assemblyId());

    // AWS delivers the period again: fewer rows, other amounts, a new assembly id.
    CurSimulation.Delivery v2 = deliveries.deliver(report,
        new CurReportGenerator.Spec(12, PERIOD, PAYER, 4, 1_800, 0, 1), 1, Instant.parse("2024-04-03T06:00:00Z"));
    // The worker notices the new delivery of a staged period and reports it for the dispatcher to re-sync.
    List<RestatementData> reported = worker.getBean(CurRestatementWatcher.class).checkOnce();
    assertThat(reported).extracting(RestatementData::version).containsExactly("20240403T060000.000Z_" + v2.assemblyId());
    CloudEvent restated = awaitEvent(CloudEvent.SOURCE_RESTATED, "aws/" + PERIOD + "/" + PAYER);
    assertThat(RestatementData.of(restated, codec.mapper()).accountId()).isEqualTo(PAYER);
    ExtractionJob restatement = job(PAYER, PERIOD, 1);
    publish(restatement);
    awaitCompleted(restatement);
    GroundTruth.Entry t2 = deliveries.truth().entries().get(0);
    List<CostRecord> after = readAsClose(restatement);
    assertThat(after).hasSize((int) t2.records()).hasSize(1_800);
    assertThat(sum(after, CostRecord::billedCost)).isEqualByComparingTo(t2.billedCost()).isEqualByComparingTo(v2.billed());
    assertThat(sum(after, CostRecord::effectiveCost)).isEqualByComparingTo(t2.effectiveCost());
    assertThat(after).extracting(CostRecord::xSourceVersion).containsOnly("20240403T060000.000Z_" + v2.assemblyId());
    assertThat(sum(after, CostRecord::billedCost)).isNotEqualByComparingTo(t1.billedCost());
    // The superseded job's files stay for audit, but nothing reads them any more.
    assertThat(layout().jobStagingDir(PartitionKey.of(first), first.jobId())).isDirectory();
    assertThat(JobManifest.latestComplete(layout(), PartitionKey.of(first))).extracting(JobManifest::jobId)
        .containsExactly(restatement.jobId());
    assertThat(worker.getBean(CurRestatementWatcher.class).checkOnce()).as("nothing newer than v2").isEmpty();
  }
}
