package io.costfleet.chart;

import static io.costfleet.chart.ChartRender.cast;
import static io.costfleet.chart.ChartRender.list;
import static io.costfleet.chart.ChartRender.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.costfleet.job.Provider;
import io.costfleet.job.Topology;
import io.costfleet.job.TopologyDeclarer;
import io.costfleet.metrics.MetricNames;
import io.costfleet.testing.Amqp;
import io.costfleet.testing.RedisNamespace;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged dispatcher ({@code dispatcher/target/quarkus-app/quarkus-run.jar}) started as its own
 * process with nothing but the environment the chart renders for its pod: the operator API token from
 * the Secret the chart generates, the fleet from the rendered ConfigMap. Its probes answer on the
 * rendered paths (readiness reporting the broker and Redis), the API refuses a call without the token
 * and enqueues a backfill with it, the metrics path of the pod annotation serves the documented
 * dispatcher series (jobs enqueued, queue and DLQ depth, period jobs and periods), and SIGTERM stops
 * it within the pod's grace period.
 */
class ChartDispatcherIT {
  private static final String DEPLOYMENT = ChartRender.componentName("dispatcher");
  private static final String ACCOUNT = "111122223333";

  private final ObjectMapper json = new ObjectMapper();
  private final RedisNamespace redis = RedisNamespace.create();
  private Topology topology;
  private Connection connection;
  private Channel channel;
  private PodProcess dispatcher;

  @TempDir
  Path work;

  @BeforeEach
  void setUp() throws Exception {
    topology = Amqp.privateTopology();
    connection = Amqp.connect();
    channel = connection.createChannel();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (dispatcher != null) {
      dispatcher.close();
    }
    // what the dispatcher declared: the topology and its own event queues
    channel.queueDelete(topology.namespace() + ".dispatcher.events");
    channel.queueDelete(topology.namespace() + ".dlq.dispatcher");
    new TopologyDeclarer(topology).delete(channel);
    connection.close();
    redis.close();
  }

  @Test
  void thePackagedDispatcherRunsOnTheChartsEnvironmentAlone() throws Exception {
    Path storage = Files.createDirectories(work.resolve("storage"));
    ChartRender chart = ChartRender.render(values(storage), work);

    // The token comes from the Secret the chart generates when dispatcher.api.existingSecret is empty.
    Map<String, Object> tokenSecret = chart.get("Secret", ChartRender.componentName("api-token"));
    String token = new String(Base64.getDecoder().decode((String) map(tokenSecret, "data").get("token")),
        StandardCharsets.UTF_8);
    assertThat(token).hasSize(48);

    Map<String, Object> container = chart.container(DEPLOYMENT);
    Map<String, String> env = new LinkedHashMap<>(PodEnvironment.resolve(list(container, "env"), Map.of(
        "costfleet-rabbitmq", Map.of("password", "guest"),
        ChartRender.componentName("api-token"), Map.of("token", token)), Map.of()));
    assertThat(env).containsEntry("COSTFLEET_API_TOKEN", token)
        .containsEntry("COSTFLEET_RABBITMQ_VHOST", "/")
        .containsEntry("QUARKUS_CONFIG_LOCATIONS", "/etc/costfleet/config/application.yaml");
    assertThat(list(container, "volumeMounts")).anySatisfy(m ->
        assertThat(cast(m).get("mountPath")).isEqualTo("/etc/costfleet/config"));
    Path config = Files.createDirectories(work.resolve("config"));
    Files.writeString(config.resolve("application.yaml"),
        (String) map(chart.get("ConfigMap", DEPLOYMENT), "data").get("application.yaml"));
    env.put("QUARKUS_CONFIG_LOCATIONS", config.resolve("application.yaml").toString());
    int port = PodProcess.freePort();
    env.put("QUARKUS_HTTP_PORT", Integer.toString(port));

    dispatcher = PodProcess.start(ChartRender.repositoryRoot().resolve("dispatcher/target/quarkus-app/quarkus-run.jar"),
        env, port, work);
    String ready = chart.probePath(DEPLOYMENT, "readinessProbe");
    dispatcher.awaitReady(ready, Duration.ofSeconds(120));
    JsonNode readiness = json.readTree(dispatcher.get(ready));
    assertThat(readiness.path("status").asText()).isEqualTo("UP");
    assertThat(readiness.toString()).contains("\"rabbitmq\":true", "\"redis\":true");
    assertThat(dispatcher.status(chart.probePath(DEPLOYMENT, "livenessProbe"))).isEqualTo(200);

    String backfill = "{\"provider\":\"aws\",\"from\":\"2026-09\",\"to\":\"2026-10\"}";
    assertThat(post("/api/v1/backfills", null, backfill).statusCode()).as("without the token").isEqualTo(401);
    HttpResponse<String> enqueued = post("/api/v1/backfills", token, backfill);
    assertThat(enqueued.statusCode()).as(enqueued.body()).isEqualTo(200);
    long count = json.readTree(enqueued.body()).path("enqueued").asLong();
    assertThat(count).isEqualTo(2);
    assertThat(channel.messageCount(topology.jobsQueue(Provider.AWS))).isEqualTo(count);

    String metricsPath = chart.scrapePath(DEPLOYMENT);
    assertThat(metricsPath).isEqualTo("/q/metrics");
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      String metrics = dispatcher.get(metricsPath);
      assertThat(PodProcess.sample(metrics, "costfleet_queue_depth", "provider=\"aws\"")).isEqualTo(count);
      assertThat(PodProcess.sample(metrics, "costfleet_period_jobs", "state=\"pending\"")).isEqualTo(count);
    });
    String metrics = dispatcher.get(metricsPath);
    assertThat(PodProcess.sample(metrics, "costfleet_jobs_enqueued_total", "provider=\"aws\"")).isEqualTo(count);
    for (String gauge : List.of(MetricNames.QUEUE_DEPTH, MetricNames.DLQ_DEPTH, MetricNames.PERIOD_JOBS,
        MetricNames.PERIODS)) {
      assertThat(metrics).as(gauge).containsPattern("(?m)^" + Pattern.quote(gauge.replace('.', '_')) + "\\{");
    }
    assertThat(PodProcess.sample(metrics, "costfleet_dlq_depth", "provider=\"aws\"")).isZero();

    Duration stop = dispatcher.terminate(chart.terminationGracePeriodSeconds(DEPLOYMENT));
    System.out.printf("dispatcher: stopped in %d ms%n", stop.toMillis());
  }

  private Map<String, Object> values(Path storage) {
    Map<String, Object> fleet = Map.of("costfleet", Map.of(
        "providers", Map.of("aws", Map.of("accounts", Map.of(ACCOUNT,
            Map.of("business-unit", "platform", "sources", Map.of("cost-explorer", List.of("usage")))))),
        "schedules", Map.of("daily", Map.of("cron", "off"), "month-end", Map.of("cron", "off")),
        "tracking", Map.of("refresh-every", "1s")));
    Map<String, Object> dispatcherValues = new HashMap<>();
    dispatcherValues.put("config", fleet);
    return Map.of(
        "topology", Map.of("namespace", topology.namespace()),
        "rabbitmq", Map.of("host", "127.0.0.1", "username", "guest",
            "auth", Map.of("existingSecret", "costfleet-rabbitmq")),
        "redis", Map.of("host", "127.0.0.1", "keyPrefix", redis.prefix()),
        "storage", Map.of("mountPath", storage.toString()),
        "dispatcher", dispatcherValues,
        "workers", Map.of("aws", Map.of("enabled", false), "gcp", Map.of("enabled", false),
            "azure", Map.of("enabled", false)));
  }

  private HttpResponse<String> post(String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(dispatcher.uri(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return dispatcher.send(b);
  }
}
