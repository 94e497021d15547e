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
import io.costfleet.metrics.MetricNames;
import io.costfleet.testing.Amqp;
import io.costfleet.testing.RedisNamespace;
import io.costfleet.worker.aws.sim.CostExplorerSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged aws worker ({@code worker-aws/target/costfleet-worker-aws-exec.jar}) started as its
 * own process with nothing but the environment the chart renders for its pod (AWS keys through the
 * rendered Secret references, read by the SDK's default chain; the Cost Explorer endpoint from the
 * rendered ConfigMap), pulling from the Cost Explorer simulator: the probes answer on the rendered
 * paths, the metrics path of the pod annotation serves the documented series including the Cost
 * Explorer call count and its cost, every line it writes to stdout is JSON, and SIGTERM stops it
 * within the pod's grace period.
 */
class ChartAwsWorkerIT {
  private static final String DEPLOYMENT = ChartRender.componentName("worker-aws");
  private static final YearMonth PERIOD = YearMonth.of(2026, 10);

  private final WireCodec codec = new WireCodec();
  private final RedisNamespace redis = RedisNamespace.create();
  private CostExplorerSimulator sim;
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
    sim = CostExplorerSimulator.start(CostExplorerSimulator.Options.defaults().withAccounts(2).withPageSize(50));
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
  void thePackagedAwsWorkerRunsOnTheChartsEnvironmentAlone() throws Exception {
    Path storage = Files.createDirectories(work.resolve("storage"));
    ChartRender chart = ChartRender.render(values(storage), work);
    int port = PodProcess.freePort();
    Map<String, String> env = chart.workerEnvironment(DEPLOYMENT, Map.of(
        "costfleet-rabbitmq", Map.of("password", "guest"),
        "costfleet-aws", Map.of("AWS_ACCESS_KEY_ID", "AKIDSIMULATOR", "AWS_SECRET_ACCESS_KEY", "simulator-secret")),
        work, port);
    assertThat(env).containsEntry("AWS_ACCESS_KEY_ID", "AKIDSIMULATOR").containsEntry("AWS_REGION", "us-east-1");

    long started = System.nanoTime();
    worker = PodProcess.start(ChartRender.repositoryRoot().resolve("worker-aws/target/costfleet-worker-aws-exec.jar"),
        env, port, work);
    worker.awaitReady(chart.probePath(DEPLOYMENT, "readinessProbe"), Duration.ofSeconds(120));
    assertThat(worker.status(chart.probePath(DEPLOYMENT, "livenessProbe"))).isEqualTo(200);
    long readyAt = System.nanoTime();

    List<ExtractionJob> jobs = sim.accounts().stream()
        .map(a -> ExtractionJob.of(Provider.AWS, "cost-explorer", a, PERIOD, Dataset.USAGE, 5, Instant.now()))
        .toList();
    for (ExtractionJob job : jobs) {
      publish(job);
    }
    String metricsPath = chart.scrapePath(DEPLOYMENT);
    assertThat(metricsPath).isEqualTo("/actuator/prometheus");
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
        assertThat(PodProcess.sample(worker.get(metricsPath), "costfleet_jobs_total", "outcome=\"completed\""))
            .isEqualTo(jobs.size()));

    String metrics = worker.get(metricsPath);
    long truthRecords = jobs.stream().mapToLong(j -> sim.truth(j.accountId(), PERIOD).records()).sum();
    assertThat(PodProcess.sample(metrics, "costfleet_records_total", "outcome=\"staged\"")).isEqualTo(truthRecords);
    double calls = PodProcess.sample(metrics, "costfleet_api_calls_total", "api=\"GetCostAndUsage\"");
    assertThat(calls).isPositive()
        .isGreaterThanOrEqualTo(PodProcess.sample(metrics, "costfleet_pages_total", "source=\"cost-explorer\""));
    assertThat(PodProcess.sample(metrics, "costfleet_api_cost_usd_total", "api=\"GetCostAndUsage\""))
        .isCloseTo(calls * 0.01, Offset.offset(1e-9));
    assertThat(metrics).as("the Cost Explorer circuit, closed")
        .containsPattern("(?m)^costfleet_circuit_state\\{[^}]*provider=\"aws\"[^}]*\\} 0\\.0$");
    for (Map.Entry<String, String> m : Map.of(MetricNames.RECORDS, "counter", MetricNames.PAGES, "counter",
        MetricNames.API_CALLS, "counter", MetricNames.API_COST, "counter", MetricNames.JOBS, "counter",
        MetricNames.RATELIMIT_WAIT, "timer", MetricNames.CURSOR_COMMIT, "timer", MetricNames.CURSOR_LAG, "gauge",
        MetricNames.CIRCUIT_STATE, "gauge").entrySet()) {
      assertThat(metrics).as(m.getKey()).containsPattern("(?m)^"
          + Pattern.quote(PodProcess.prometheusSeries(m.getKey(), m.getValue())) + "\\{[^}]*provider=\"aws\"");
    }

    long jobsDone = System.nanoTime();
    Duration stop = worker.terminate(chart.terminationGracePeriodSeconds(DEPLOYMENT));
    System.out.printf("aws worker: ready in %d ms, 2 jobs + scrape in %d ms, stopped in %d ms%n",
        (readyAt - started) / 1_000_000, (jobsDone - readyAt) / 1_000_000, stop.toMillis());

    List<JsonNode> logs = worker.jsonStdout();
    assertThat(logs).isNotEmpty().allSatisfy(l -> {
      assertThat(l.path("service").path("name").asText()).isEqualTo(DEPLOYMENT);
      assertThat(l.path("log").path("level").asText()).isNotEmpty();
    });
    assertThat(logs).anySatisfy(l -> assertThat(l.path("message").asText()).contains(jobs.get(0).jobId()));
  }

  private Map<String, Object> values(Path storage) {
    Map<String, Object> aws = new HashMap<>();
    aws.put("credentials", Map.of("existingSecret", "costfleet-aws"));
    aws.put("rateLimit", Map.of("permitsPerSecond", 1000, "burst", 100));
    aws.put("config", Map.of("costfleet", Map.of("aws", Map.of("ce", Map.of("endpoint", sim.baseUrl())))));
    aws.put("terminationGracePeriodSeconds", 30);
    return Map.of(
        "topology", Map.of("namespace", topology.namespace()),
        "rabbitmq", Map.of("host", "127.0.0.1", "username", "guest",
            "auth", Map.of("existingSecret", "costfleet-rabbitmq")),
        "redis", Map.of("host", "127.0.0.1", "keyPrefix", redis.prefix()),
        "storage", Map.of("mountPath", storage.toString()),
        "dispatcher", Map.of("enabled", false),
        "workers", Map.of("aws", aws, "gcp", Map.of("enabled", false), "azure", Map.of("enabled", false)));
  }

  private void publish(ExtractionJob job) throws Exception {
    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType(WireCodec.CONTENT_TYPE)
        .deliveryMode(2).priority(job.priority()).messageId(job.jobId()).build();
    channel.basicPublish(topology.jobsExchange(), job.routingKey(), true, props, codec.encode(job));
    channel.waitForConfirmsOrDie(5_000);
  }
}
