package io.costfleet.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.costfleet.job.Dataset;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Provider;
import io.costfleet.job.Topology;
import io.costfleet.job.TopologyDeclarer;
import io.costfleet.job.WireCodec;
import io.costfleet.job.Window;
import io.costfleet.metrics.MetricNames;
import io.costfleet.sim.GroundTruth;
import io.costfleet.testing.Amqp;
import io.costfleet.testing.RedisNamespace;
import io.costfleet.worker.gcp.GcpBillingNormalizer;
import io.costfleet.worker.gcp.sim.BigQuerySimulator;
import io.costfleet.worker.gcp.sim.BillingDataGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged gcp worker ({@code worker-gcp/target/costfleet-worker-gcp-exec.jar}) as its own process
 * on the environment the chart renders for its pod (the project from {@code workers.gcp.projectId},
 * the simulator endpoint and the accounts' export tables from the rendered ConfigMap), against the
 * BigQuery simulator: probes, two whole-month jobs whose staged record count equals the simulator's
 * ground truth, the documented series with the BigQuery API calls, JSON stdout, SIGTERM within the
 * grace period.
 */
class ChartGcpWorkerIT {
  private static final String DEPLOYMENT = ChartRender.componentName("worker-gcp");
  private static final YearMonth PERIOD = YearMonth.of(2026, 10);
  private static final List<String> ACCOUNTS =
      List.of(BillingDataGenerator.STANDARD_ACCOUNT, BillingDataGenerator.DETAILED_ACCOUNT);

  private final WireCodec codec = new WireCodec();
  private final RedisNamespace redis = RedisNamespace.create();
  private BigQuerySimulator sim;
  private Topology topology;
  private Connection connection;
  private Channel channel;
  private PodProcess worker;

  @TempDir
  Path work;

  @BeforeEach
  void setUp() throws Exception {
    topology = Amqp.privateTopology();
    connection = Amqp.connect();
    channel = connection.createChannel();
    new TopologyDeclarer(topology).declare(channel);
    channel.confirmSelect();
    sim = BigQuerySimulator.start("127.0.0.1", 0, 7L, List.of(PERIOD));
    sim.setNow(Instant.parse("2026-11-09T00:00:00Z"));
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

  @Test
  void thePackagedGcpWorkerRunsOnTheChartsEnvironmentAlone() throws Exception {
    Path storage = Files.createDirectories(work.resolve("storage"));
    ChartRender chart = ChartRender.render(values(storage), work);
    int port = PodProcess.freePort();
    Map<String, String> env = chart.workerEnvironment(DEPLOYMENT,
        Map.of("costfleet-rabbitmq", Map.of("password", "guest")), work, port);
    assertThat(env).containsEntry("COSTFLEET_GCP_PROJECT_ID", "costfleet-chart-it");

    worker = PodProcess.start(ChartRender.repositoryRoot().resolve("worker-gcp/target/costfleet-worker-gcp-exec.jar"),
        env, port, work);
    worker.awaitReady(chart.probePath(DEPLOYMENT, "readinessProbe"), Duration.ofSeconds(120));
    assertThat(worker.status(chart.probePath(DEPLOYMENT, "livenessProbe"))).isEqualTo(200);

    List<ExtractionJob> jobs = ACCOUNTS.stream()
        .map(a -> ExtractionJob.of(Provider.GCP, GcpBillingNormalizer.SOURCE, a, PERIOD, Dataset.USAGE,
            Window.of(PERIOD), null, 5, 0, Instant.parse("2026-11-09T00:00:00Z")))
        .toList();
    for (ExtractionJob job : jobs) {
      publish(job);
    }
    String metricsPath = chart.scrapePath(DEPLOYMENT);
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
        assertThat(PodProcess.sample(worker.get(metricsPath), "costfleet_jobs_total", "outcome=\"completed\""))
            .isEqualTo(jobs.size()));

    String metrics = worker.get(metricsPath);
    long truthRecords = sim.truth().entries().stream().filter(e -> ACCOUNTS.contains(e.account()))
        .mapToLong(GroundTruth.Entry::records).sum();
    assertThat(truthRecords).isPositive();
    assertThat(PodProcess.sample(metrics, "costfleet_records_total", "outcome=\"staged\"")).isEqualTo(truthRecords);
    assertThat(PodProcess.sample(metrics, "costfleet_api_calls_total", "provider=\"gcp\"")).isPositive();
    for (Map.Entry<String, String> m : Map.of(MetricNames.RECORDS, "counter", MetricNames.PAGES, "counter",
        MetricNames.API_CALLS, "counter", MetricNames.JOBS, "counter", MetricNames.RATELIMIT_WAIT, "timer",
        MetricNames.CURSOR_COMMIT, "timer", MetricNames.CURSOR_LAG, "gauge").entrySet()) {
      assertThat(metrics).as(m.getKey()).containsPattern("(?m)^"
          + Pattern.quote(PodProcess.prometheusSeries(m.getKey(), m.getValue())) + "\\{[^}]*provider=\"gcp\"");
    }

    Duration stop = worker.terminate(chart.terminationGracePeriodSeconds(DEPLOYMENT));
    System.out.printf("gcp worker: stopped in %d ms%n", stop.toMillis());
    List<JsonNode> logs = worker.jsonStdout();
    assertThat(logs).isNotEmpty()
        .allSatisfy(l -> assertThat(l.path("service").path("name").asText()).isEqualTo(DEPLOYMENT));
  }

  private Map<String, Object> values(Path storage) {
    Map<String, Object> gcp = new HashMap<>();
    gcp.put("enabled", true);
    gcp.put("projectId", "costfleet-chart-it");
    gcp.put("rateLimit", Map.of("permitsPerSecond", 1000, "burst", 100));
    gcp.put("config", Map.of("costfleet", Map.of("gcp", Map.of(
        "host", sim.baseUrl(),
        "credentials", "none",
        "page-size", 500,
        "accounts", ACCOUNTS.stream()
            .map(a -> Map.of("id", a, "table", BillingDataGenerator.tableId(a))).toList()))));
    gcp.put("terminationGracePeriodSeconds", 30);
    return Map.of(
        "topology", Map.of("namespace", topology.namespace()),
        "rabbitmq", Map.of("host", "127.0.0.1", "username", "guest",
            "auth", Map.of("existingSecret", "costfleet-rabbitmq")),
        "redis", Map.of("host", "127.0.0.1", "keyPrefix", redis.prefix()),
        "storage", Map.of("mountPath", storage.toString()),
        "dispatcher", Map.of("enabled", false),
        "workers", Map.of("gcp", gcp, "aws", Map.of("enabled", false), "azure", Map.of("enabled", false)));
  }

  private void publish(ExtractionJob job) throws Exception {
    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType(WireCodec.CONTENT_TYPE)
        .deliveryMode(2).priority(job.priority()).messageId(job.jobId()).build();
    channel.basicPublish(topology.jobsExchange(), job.routingKey(), true, props, codec.encode(job));
    channel.waitForConfirmsOrDie(5_000);
  }
}
