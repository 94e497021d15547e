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
import io.costfleet.sim.GroundTruth;
import io.costfleet.testing.Amqp;
import io.costfleet.testing.RedisNamespace;
import io.costfleet.worker.azure.sim.AzureSimulator;
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
 * The packaged azure worker ({@code worker-azure/target/costfleet-worker-azure-exec.jar}) as its own
 * process on the environment the chart renders for its pod, against the Azure simulator (its
 * endpoints, token mode and TLS certificate from the rendered ConfigMap): probes, Query API jobs that
 * match the simulator's ground truth, the documented series with the Azure API calls, JSON stdout,
 * SIGTERM within the grace period.
 */
class ChartAzureWorkerIT {
  private static final String DEPLOYMENT = ChartRender.componentName("worker-azure");

  private final WireCodec codec = new WireCodec();
  private final RedisNamespace redis = RedisNamespace.create();
  private AzureSimulator sim;
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
    sim = AzureSimulator.start(AzureSimulator.Settings.defaults());
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
  void thePackagedAzureWorkerRunsOnTheChartsEnvironmentAlone() throws Exception {
    Path storage = Files.createDirectories(work.resolve("storage"));
    Path pem = work.resolve("azure-sim.pem");
    sim.tls().writePem(pem);
    ChartRender chart = ChartRender.render(values(storage, pem), work);
    int port = PodProcess.freePort();
    Map<String, String> env = chart.workerEnvironment(DEPLOYMENT,
        Map.of("costfleet-rabbitmq", Map.of("password", "guest")), work, port);
    assertThat(env).containsEntry("COSTFLEET_WORKER_PROVIDER", "azure");

    worker = PodProcess.start(
        ChartRender.repositoryRoot().resolve("worker-azure/target/costfleet-worker-azure-exec.jar"), env, port, work);
    worker.awaitReady(chart.probePath(DEPLOYMENT, "readinessProbe"), Duration.ofSeconds(120));
    assertThat(worker.status(chart.probePath(DEPLOYMENT, "livenessProbe"))).isEqualTo(200);

    YearMonth month = sim.servedMonths().get(0);
    List<ExtractionJob> jobs = sim.subscriptions().subList(0, 2).stream()
        .map(s -> ExtractionJob.of(Provider.AZURE, "query", s, month, Dataset.USAGE, 5, Instant.now()))
        .toList();
    for (ExtractionJob job : jobs) {
      publish(job);
    }
    String metricsPath = chart.scrapePath(DEPLOYMENT);
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
        assertThat(PodProcess.sample(worker.get(metricsPath), "costfleet_jobs_total", "outcome=\"completed\""))
            .isEqualTo(jobs.size()));

    String metrics = worker.get(metricsPath);
    GroundTruth truth = sim.queryTruth();
    long truthRecords = truth.entries().stream()
        .filter(e -> e.dataset().equals("usage") && e.period().equals(month.toString())
            && jobs.stream().anyMatch(j -> j.accountId().equals(e.account())))
        .mapToLong(GroundTruth.Entry::records).sum();
    assertThat(truthRecords).isPositive();
    assertThat(PodProcess.sample(metrics, "costfleet_records_total", "outcome=\"staged\"")).isEqualTo(truthRecords);
    assertThat(PodProcess.sample(metrics, "costfleet_api_calls_total", "provider=\"azure\"")).isPositive();
    for (Map.Entry<String, String> m : Map.of(MetricNames.RECORDS, "counter", MetricNames.PAGES, "counter",
        MetricNames.API_CALLS, "counter", MetricNames.JOBS, "counter", MetricNames.RATELIMIT_WAIT, "timer",
        MetricNames.CURSOR_COMMIT, "timer", MetricNames.CURSOR_LAG, "gauge").entrySet()) {
      assertThat(metrics).as(m.getKey()).containsPattern("(?m)^"
          + Pattern.quote(PodProcess.prometheusSeries(m.getKey(), m.getValue())) + "\\{[^}]*provider=\"azure\"");
    }

    Duration stop = worker.terminate(chart.terminationGracePeriodSeconds(DEPLOYMENT));
    System.out.printf("azure worker: stopped in %d ms%n", stop.toMillis());
    List<JsonNode> logs = worker.jsonStdout();
    assertThat(logs).isNotEmpty()
        .allSatisfy(l -> assertThat(l.path("service").path("name").asText()).isEqualTo(DEPLOYMENT));
  }

  private Map<String, Object> values(Path storage, Path pem) {
    Map<String, Object> azure = new HashMap<>();
    azure.put("rateLimit", Map.of("permitsPerSecond", 1000, "burst", 100));
    azure.put("config", Map.of("costfleet", Map.of("azure", Map.of(
        "credential", "simulator",
        "trust-certificate", pem.toString(),
        "timeout", "10s",
        "query", Map.of("endpoint", sim.baseUrl()),
        "exports", Map.of("storage-endpoint", sim.storageEndpoint())))));
    azure.put("terminationGracePeriodSeconds", 30);
    return Map.of(
        "topology", Map.of("namespace", topology.namespace()),
        "rabbitmq", Map.of("host", "127.0.0.1", "username", "guest",
            "auth", Map.of("existingSecret", "costfleet-rabbitmq")),
        "redis", Map.of("host", "127.0.0.1", "keyPrefix", redis.prefix()),
        "storage", Map.of("mountPath", storage.toString()),
        "dispatcher", Map.of("enabled", false),
        "workers", Map.of("azure", azure, "aws", Map.of("enabled", false), "gcp", Map.of("enabled", false)));
  }

  private void publish(ExtractionJob job) throws Exception {
    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType(WireCodec.CONTENT_TYPE)
        .deliveryMode(2).priority(job.priority()).messageId(job.jobId()).build();
    channel.basicPublish(topology.jobsExchange(), job.routingKey(), true, props, codec.encode(job));
    channel.waitForConfirmsOrDie(5_000);
  }
}
