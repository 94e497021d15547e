package io.costfleet.chart;

import static io.costfleet.chart.ChartRender.cast;
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
import io.costfleet.job.TraceContext;
import io.costfleet.job.WireCodec;
import io.costfleet.metrics.MetricNames;
import io.costfleet.testing.Amqp;
import io.costfleet.testing.RedisNamespace;
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
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * A worker started with exactly the environment the chart renders for its Deployment (plus the
 * ConfigMap it mounts), against the real RabbitMQ and Redis: it binds every setting, its probes
 * answer on the rendered paths (readiness with the broker and Redis contributors, liveness without),
 * it runs jobs, its metrics endpoint serves the documented costfleet series, and it logs JSON.
 * The only deviations from a pod: port 0 instead of 8080, and the config mount is a temp directory.
 */
@ExtendWith(OutputCaptureExtension.class)
class ChartWorkerIT {
  private static final String DEPLOYMENT = ChartRender.componentName("worker-aws");
  private static final String POD_NAME = DEPLOYMENT + "-5d8c7b9f6d-x2x7q";
  private static final String BROKER_SECRET = "costfleet-rabbitmq";
  private static final String CONFIG_MOUNT = "/etc/costfleet/config";

  /** The meters the worker runtime documents (README, "Metrics"), by kind. */
  private static final Map<String, String> WORKER_METRICS = Map.of(
      MetricNames.RECORDS, "counter", MetricNames.PAGES, "counter", MetricNames.JOBS, "counter",
      MetricNames.RETRIES, "counter", MetricNames.THROTTLES, "counter", MetricNames.RATELIMIT_WAIT, "timer",
      MetricNames.CURSOR_COMMIT, "timer", MetricNames.CURSOR_LAG, "gauge");

  private final WireCodec codec = new WireCodec();
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final RedisNamespace redis = RedisNamespace.create();
  private Topology topology;
  private Connection connection;
  private Channel channel;
  private ConfigurableApplicationContext app;

  @TempDir
  Path work;

  @BeforeEach
  void setUp() throws Exception {
    topology = Amqp.privateTopology();
    connection = Amqp.connect();
    channel = connection.createChannel();
    new TopologyDeclarer(topology).declare(channel);
    channel.confirmSelect();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (app != null) {
      app.close();
    }
    new TopologyDeclarer(topology).delete(channel);
    connection.close();
    redis.close();
  }

  @Test
  void aWorkerRunWithTheChartsEnvironmentServesItsProbesMetricsAndJsonLogs(CapturedOutput output) throws Exception {
    Path storage = Files.createDirectories(work.resolve("storage"));
    ChartRender chart = ChartRender.render(values(storage), work);

    Map<String, Object> container = chart.container(DEPLOYMENT);
    Map<String, String> env = new LinkedHashMap<>(PodEnvironment.resolve(list(container, "env"),
        Map.of(BROKER_SECRET, Map.of("password", "guest")), Map.of("metadata.name", POD_NAME)));
    assertThat(env).containsEntry("COSTFLEET_WORKER_PROVIDER", "aws")
        .containsEntry("COSTFLEET_WORKER_ID", POD_NAME)
        .containsEntry("SPRING_RABBITMQ_PASSWORD", "guest")
        .containsEntry("COSTFLEET_STORAGE_ROOT", storage.toString());
    // The ConfigMap, mounted where SPRING_CONFIG_ADDITIONAL_LOCATION points.
    assertThat(volumeMountPaths(container)).contains(CONFIG_MOUNT, storage.toString());
    assertThat(env.get("SPRING_CONFIG_ADDITIONAL_LOCATION")).isEqualTo("optional:file:" + CONFIG_MOUNT + "/");
    Path config = Files.createDirectories(work.resolve("config"));
    Files.writeString(config.resolve("application.yaml"),
        (String) map(chart.get("ConfigMap", DEPLOYMENT), "data").get("application.yaml"));
    env.put("SPRING_CONFIG_ADDITIONAL_LOCATION", "optional:file:" + config + "/");
    env.put("SERVER_PORT", "0");

    app = start(env);
    int port = app.getEnvironment().getProperty("local.server.port", Integer.class);
    assertThat(app.getEnvironment().getProperty("costfleet.ratelimit.scopes." + ChartTestSource.SCOPE + ".burst"))
        .as("per-scope rate limit from the ConfigMap").isEqualTo("500");

    List<ExtractionJob> jobs = List.of(job("111122223333"), job("flaky"), job("throttled"));
    TraceContext sent = TraceContext.newRoot();
    publish(jobs.get(0), sent);
    for (ExtractionJob job : jobs.subList(1, jobs.size())) {
      publish(job, null);
    }
    int expectedRecords = jobs.size() * ChartTestSource.PAGES * ChartTestSource.PER_PAGE;
    String metricsPath = (String) map(map(map(chart.get("Deployment", DEPLOYMENT), "spec"), "template"), "metadata")
        .entrySet().stream().filter(e -> e.getKey().equals("annotations")).map(e -> cast(e.getValue()))
        .findFirst().orElseThrow().get("prometheus.io/path");
    assertThat(metricsPath).isEqualTo("/actuator/prometheus");
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
        assertThat(PodProcess.sample(get(port, metricsPath).body(), "costfleet_jobs_total", "outcome=\"completed\""))
            .isEqualTo(jobs.size()));

    String metrics = get(port, metricsPath).body();
    for (Map.Entry<String, String> m : WORKER_METRICS.entrySet()) {
      String series = PodProcess.prometheusSeries(m.getKey(), m.getValue());
      assertThat(metrics).as("%s (%s) as %s", m.getKey(), m.getValue(), series)
          .containsPattern("(?m)^" + Pattern.quote(series) + "\\{[^}]*provider=\"aws\"");
    }
    assertThat(PodProcess.sample(metrics, "costfleet_records_total", "outcome=\"staged\""))
        .isEqualTo(expectedRecords);
    assertThat(PodProcess.sample(metrics, "costfleet_pages_total", "source=\"chart\""))
        .isEqualTo(jobs.size() * ChartTestSource.PAGES);
    assertThat(PodProcess.sample(metrics, "costfleet_retries_total", "reason=\"fetch\"")).isEqualTo(1);
    assertThat(PodProcess.sample(metrics, "costfleet_throttles_total", "scope=\"" + ChartTestSource.SCOPE + "\""))
        .isEqualTo(1);

    // Probes on the rendered paths: readiness includes the broker and Redis, liveness does not.
    String live = probePath(container, "livenessProbe");
    String ready = probePath(container, "readinessProbe");
    assertThat(probePath(container, "startupProbe")).isEqualTo(live);
    HttpResponse<String> readiness = get(port, ready);
    assertThat(readiness.statusCode()).isEqualTo(200);
    JsonNode readyBody = json.readTree(readiness.body());
    assertThat(readyBody.path("status").asText()).isEqualTo("UP");
    assertThat(readyBody.path("components").path("rabbit").path("status").asText()).isEqualTo("UP");
    assertThat(readyBody.path("components").path("costfleetRedis").path("status").asText()).isEqualTo("UP");
    assertThat(readyBody.path("components").path("costfleetRedis").path("details").path("keyPrefix").asText())
        .isEqualTo(redis.prefix());
    HttpResponse<String> liveness = get(port, live);
    assertThat(liveness.statusCode()).isEqualTo(200);
    assertThat(json.readTree(liveness.body()).path("components").has("rabbit")).isFalse();

    // JSON logs: every log line the app wrote since start is one JSON object (ECS), none is text.
    List<JsonNode> logLines = new ArrayList<>();
    List<String> textLines = new ArrayList<>();
    for (String line : output.getOut().lines().toList()) {
      if (line.startsWith("{")) {
        logLines.add(json.readTree(line));
      } else if (line.matches(".*\\b(INFO|WARN|ERROR)\\b.*")) {
        textLines.add(line);
      }
    }
    assertThat(textLines).as("log lines that are not JSON").isEmpty();
    assertThat(logLines).anySatisfy(l -> {
      assertThat(l.path("ecs").path("version").asText()).isNotEmpty();
      assertThat(l.path("log").path("level").asText()).isEqualTo("INFO");
      assertThat(l.path("service").path("name").asText()).isEqualTo(DEPLOYMENT);
      assertThat(l.path("message").asText()).startsWith("Started ");
    });
    // A job's log lines carry its id, provider and source from the MDC.
    assertThat(logLines).filteredOn(l -> l.path("message").asText().contains(" done: "))
        .hasSize(jobs.size())
        .allSatisfy(l -> {
          JsonNode ids = l.has("costfleet.jobId") ? l : l.path("costfleet");
          String jobId = l.has("costfleet.jobId") ? l.path("costfleet.jobId").asText() : ids.path("jobId").asText();
          assertThat(jobs).extracting(ExtractionJob::jobId).contains(jobId);
          assertThat(l.has("costfleet.provider") ? l.path("costfleet.provider").asText()
              : ids.path("provider").asText()).isEqualTo("aws");
          // the trace of the message's traceparent, or a new one; the worker's own span
          String traceId = l.path(TraceContext.MDC_TRACE_ID).asText();
          assertThat(traceId).as(l.toString()).matches("[0-9a-f]{32}");
          assertThat(l.path(TraceContext.MDC_SPAN_ID).asText()).matches("[0-9a-f]{16}").isNotEqualTo(sent.spanId());
          if (jobId.equals(jobs.get(0).jobId())) {
            assertThat(traceId).isEqualTo(sent.traceId());
          } else {
            assertThat(traceId).isNotEqualTo(sent.traceId());
          }
        });
  }

  /** Values an operator would set, pointed at the test's broker, Redis and directories. */
  private Map<String, Object> values(Path storage) {
    Map<String, Object> aws = new HashMap<>();
    aws.put("concurrency", 2);
    aws.put("maxAttempts", 3);
    aws.put("rateLimit", Map.of("permitsPerSecond", 1000, "burst", 1000,
        "scopes", Map.of(ChartTestSource.SCOPE, Map.of("permitsPerSecond", 500, "burst", 500))));
    aws.put("extraEnv", List.of(
        Map.of("name", "COSTFLEET_WORKER_BACKOFF_INITIAL", "value", "200ms"),
        Map.of("name", "COSTFLEET_WORKER_BACKOFF_MAX", "value", "400ms")));
    return Map.of(
        "topology", Map.of("namespace", topology.namespace()),
        "rabbitmq", Map.of("host", "127.0.0.1", "username", "guest", "auth", Map.of("existingSecret", BROKER_SECRET)),
        "redis", Map.of("host", "127.0.0.1", "keyPrefix", redis.prefix()),
        "storage", Map.of("mountPath", storage.toString()),
        "dispatcher", Map.of("enabled", false),
        "workers", Map.of("aws", aws, "gcp", Map.of("enabled", false), "azure", Map.of("enabled", false)));
  }

  /** The app with the pod's environment as its whole OS environment. */
  private static ConfigurableApplicationContext start(Map<String, String> env) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
        new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
            new HashMap<>(env)));
    return new SpringApplicationBuilder(ChartTestWorker.class).environment(environment).run();
  }

  private static String probePath(Map<String, Object> container, String probe) {
    Map<String, Object> httpGet = map(map(container, probe), "httpGet");
    assertThat(httpGet.get("port")).isEqualTo("http");
    return (String) httpGet.get("path");
  }

  private static List<String> volumeMountPaths(Map<String, Object> container) {
    return list(container, "volumeMounts").stream().map(v -> (String) cast(v).get("mountPath")).toList();
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static ExtractionJob job(String account) {
    return ExtractionJob.of(Provider.AWS, "chart", account, YearMonth.of(2026, 10), Dataset.USAGE, 5, Instant.now());
  }

  private void publish(ExtractionJob job, TraceContext trace) throws Exception {
    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType(WireCodec.CONTENT_TYPE)
        .deliveryMode(2).priority(5)
        .headers(trace == null ? null : Map.of(TraceContext.HEADER, trace.traceparent())).build();
    channel.basicPublish(topology.jobsExchange(), job.routingKey(), true, props, codec.encode(job));
    channel.waitForConfirmsOrDie(5_000);
  }
}
