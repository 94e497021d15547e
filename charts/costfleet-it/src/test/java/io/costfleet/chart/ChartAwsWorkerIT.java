package io.costfleet.chart;

import static io.costfleet.chart.ChartRender.list;
import static io.costfleet.chart.ChartRender.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged aws worker ({@code worker-aws/target/costfleet-worker-aws-exec.jar}) started as its
 * own process with nothing but the environment the chart renders for its pod (credentials from the
 * rendered Secret references, the Cost Explorer endpoint from the rendered ConfigMap), pulling from
 * the Cost Explorer simulator: the probes answer on the rendered paths, the metrics path of the pod
 * annotation serves the documented series including the Cost Explorer call count and its cost, every
 * line it writes to stdout is JSON, and SIGTERM stops it within the pod's grace period.
 */
class ChartAwsWorkerIT {
  private static final String DEPLOYMENT = ChartRender.componentName("worker-aws");
  private static final YearMonth PERIOD = YearMonth.of(2026, 10);

  private final WireCodec codec = new WireCodec();
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final RedisNamespace redis = RedisNamespace.create();
  private CostExplorerSimulator sim;
  private Topology topology;
  private Connection connection;
  private Channel channel;
  private Process worker;

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
    if (worker != null && worker.isAlive()) {
      worker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    sim.close();
    new TopologyDeclarer(topology).delete(channel);
    connection.close();
    redis.close();
  }

  @Test
  void thePackagedAwsWorkerRunsOnTheChartsEnvironmentAlone() throws Exception {
    Path jar = ChartRender.repositoryRoot().resolve("worker-aws/target/costfleet-worker-aws-exec.jar");
    assertThat(jar).as("the aws worker's executable jar (mvn package of worker-aws)").exists();
    Path storage = Files.createDirectories(work.resolve("storage"));
    ChartRender chart = ChartRender.render(values(storage), work);

    Map<String, Object> container = chart.container(DEPLOYMENT);
    Map<String, String> env = new LinkedHashMap<>(PodEnvironment.resolve(list(container, "env"), Map.of(
        "costfleet-rabbitmq", Map.of("password", "guest"),
        "costfleet-aws", Map.of("AWS_ACCESS_KEY_ID", "AKIDSIMULATOR", "AWS_SECRET_ACCESS_KEY", "simulator-secret")),
        Map.of("metadata.name", DEPLOYMENT + "-6f7d9c8b5-q8w2m")));
    Path config = Files.createDirectories(work.resolve("config"));
    Files.writeString(config.resolve("application.yaml"),
        (String) map(chart.get("ConfigMap", DEPLOYMENT), "data").get("application.yaml"));
    env.put("SPRING_CONFIG_ADDITIONAL_LOCATION", "optional:file:" + config + "/");
    int port = freePort();
    env.put("SERVER_PORT", Integer.toString(port));

    Path stdout = work.resolve("stdout.log");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString())
        .redirectOutput(stdout.toFile()).redirectError(work.resolve("stderr.log").toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    worker = pb.start();
    long started = System.nanoTime();

    String ready = probePath(container, "readinessProbe");
    String live = probePath(container, "livenessProbe");
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      assertThat(worker.isAlive()).as("worker running; stderr: %s", Files.readString(work.resolve("stderr.log")))
          .isTrue();
      assertThat(status(port, ready)).isEqualTo(200);
    });
    assertThat(status(port, live)).isEqualTo(200);
    long readyAt = System.nanoTime();

    List<ExtractionJob> jobs = sim.accounts().stream()
        .map(a -> ExtractionJob.of(Provider.AWS, "cost-explorer", a, PERIOD, Dataset.USAGE, 5, Instant.now()))
        .toList();
    for (ExtractionJob job : jobs) {
      publish(job);
    }
    String metricsPath = "/actuator/prometheus";
    assertThat(map(map(map(chart.get("Deployment", DEPLOYMENT), "spec"), "template"), "metadata").get("annotations"))
        .asString().contains("prometheus.io/path=" + metricsPath);
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
        assertThat(sample(get(port, metricsPath), "costfleet_jobs_total", "outcome=\"completed\"")).isEqualTo(2));

    String metrics = get(port, metricsPath);
    long truthRecords = jobs.stream().mapToLong(j -> sim.truth(j.accountId(), PERIOD).records()).sum();
    assertThat(sample(metrics, "costfleet_records_total", "outcome=\"staged\"")).isEqualTo(truthRecords);
    double calls = sample(metrics, "costfleet_api_calls_total", "api=\"GetCostAndUsage\"");
    assertThat(calls).isGreaterThanOrEqualTo(sample(metrics, "costfleet_pages_total", "source=\"cost-explorer\""))
        .isPositive();
    assertThat(sample(metrics, "costfleet_api_cost_usd_total", "api=\"GetCostAndUsage\""))
        .isCloseTo(calls * 0.01, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(metrics).as("the Cost Explorer circuit, closed")
        .containsPattern("(?m)^costfleet_circuit_state\\{[^}]*provider=\"aws\"[^}]*\\} 0\\.0$");
    for (Map.Entry<String, String> m : Map.of(MetricNames.RECORDS, "counter", MetricNames.PAGES, "counter",
        MetricNames.API_CALLS, "counter", MetricNames.API_COST, "counter", MetricNames.JOBS, "counter",
        MetricNames.RATELIMIT_WAIT, "timer", MetricNames.CURSOR_COMMIT, "timer", MetricNames.CURSOR_LAG, "gauge",
        MetricNames.CIRCUIT_STATE, "gauge")
        .entrySet()) {
      assertThat(metrics).as(m.getKey()).containsPattern("(?m)^"
          + Pattern.quote(ChartWorkerIT.prometheusSeries(m.getKey(), m.getValue())) + "\\{[^}]*provider=\"aws\"");
    }

    // SIGTERM, as the kubelet sends it: the worker stops within the pod's grace period.
    Map<String, Object> template = map(map(chart.get("Deployment", DEPLOYMENT), "spec"), "template");
    int grace = ((Number) map(template, "spec").get("terminationGracePeriodSeconds")).intValue();
    long jobsDone = System.nanoTime();
    worker.destroy();
    assertThat(worker.waitFor(grace, TimeUnit.SECONDS)).as("stopped within %d s", grace).isTrue();
    System.out.printf("aws worker: ready in %d ms, 2 jobs + scrape in %d ms, stopped in %d ms%n",
        (readyAt - started) / 1_000_000, (jobsDone - readyAt) / 1_000_000, (System.nanoTime() - jobsDone) / 1_000_000);

    List<String> lines = Files.readAllLines(stdout);
    List<String> notJson = new ArrayList<>();
    List<JsonNode> logs = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      try {
        logs.add(json.readTree(line));
      } catch (IOException e) {
        notJson.add(line);
      }
    }
    assertThat(notJson).as("stdout lines that are not JSON").isEmpty();
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

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String probePath(Map<String, Object> container, String probe) {
    return (String) map(map(container, probe), "httpGet").get("path");
  }

  private int status(int port, String path) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private String get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  /** Sum of the samples of a series whose labels contain {@code label}. */
  private static double sample(String metrics, String series, String label) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + "\\{([^}]*)\\} (\\S+)$").matcher(metrics);
    double sum = 0;
    while (m.find()) {
      if (m.group(1).contains(label)) {
        sum += Double.parseDouble(m.group(2));
      }
    }
    return sum;
  }

  private void publish(ExtractionJob job) throws Exception {
    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType(WireCodec.CONTENT_TYPE)
        .deliveryMode(2).priority(job.priority()).messageId(job.jobId()).build();
    channel.basicPublish(topology.jobsExchange(), job.routingKey(), true, props, codec.encode(job));
    channel.waitForConfirmsOrDie(5_000);
  }
}
