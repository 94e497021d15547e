package io.costfleet.dispatcher.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.costfleet.dispatcher.TestConfigs;
import io.costfleet.job.Dataset;
import io.costfleet.job.DeadLetterHeaders;
import io.costfleet.job.DeadLetterPublisher;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Priority;
import io.costfleet.job.Provider;
import io.costfleet.job.Topology;
import io.costfleet.job.WireCodec;
import io.costfleet.redis.RedisCoordination;
import io.costfleet.source.UnavailableException;
import io.costfleet.state.CursorState;
import io.costfleet.state.Lease;
import io.costfleet.state.RedisCursorStore;
import io.costfleet.state.RedisJobLeases;
import io.costfleet.testing.Amqp;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator API of a booted dispatcher against the real RabbitMQ and Redis (one Quarkus boot). */
@QuarkusTest
@QuarkusTestResource(value = DispatcherTestResource.class, restrictToAnnotatedClass = true)
class DispatcherApiIT {
  private final WireCodec codec = new WireCodec();

  @Inject
  Topology topology;

  @Inject
  RedisCoordination redis;

  private Connection connection;
  private Channel channel;

  @BeforeEach
  void connect() throws Exception {
    connection = Amqp.connect();
    channel = connection.createChannel();
    for (Provider p : Provider.values()) {
      channel.queuePurge(topology.jobsQueue(p));
      channel.queuePurge(topology.deadLetterQueue(p));
    }
  }

  @AfterEach
  void disconnect() throws Exception {
    connection.close();
  }

  private static RequestSpecification api() {
    return given().header("Authorization", "Bearer " + TestConfigs.TOKEN).header("X-Costfleet-Operator", "alice")
        .contentType(ContentType.JSON);
  }

  @Test
  void aCallWithoutTheTokenGets401AndNeverSeesTheToken() {
    for (String path : List.of("/api/v1/jobs", "/api/v1/periods", "/api/v1/dlq/aws", "/api/v1/cursors")) {
      given().when().get(path).then().statusCode(401)
          .header("WWW-Authenticate", containsString("Bearer"))
          .body(not(containsString(TestConfigs.TOKEN)));
    }
    given().header("Authorization", "Bearer wrong-token-0123456789").contentType(ContentType.JSON)
        .body("{\"provider\":\"aws\",\"from\":\"2026-01\"}").when().post("/api/v1/backfills").then().statusCode(401);
    given().header("Authorization", TestConfigs.TOKEN).when().get("/api/v1/jobs").then().statusCode(401);
    given().when().delete("/api/v1/dlq/aws?confirm=aws").then().statusCode(401);
    given().when().get("/q/health/ready").then().statusCode(200);
    api().when().get("/api/v1/periods").then().statusCode(200);
  }

  @Test
  void aBackfillOfThreeProvidersFourAccountsThreePeriodsSentTwiceEnqueues36JobsOnce() throws Exception {
    String body = "{\"providers\":[\"aws\",\"gcp\",\"azure\"],\"from\":\"2026-04\",\"to\":\"2026-06\"}";
    JsonPath first = api().body(body).when().post("/api/v1/backfills").then().statusCode(200).extract().jsonPath();
    JsonPath second = api().body(body).when().post("/api/v1/backfills").then().statusCode(200).extract().jsonPath();
    assertThat(first.getInt("requested")).isEqualTo(36);
    assertThat(first.getInt("enqueued")).isEqualTo(36);
    assertThat(second.getInt("enqueued")).isZero();
    assertThat(second.getInt("skipped")).isEqualTo(36);

    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
        given().when().get("/q/metrics").then().statusCode(200).extract().asString())
        .contains("costfleet_queue_depth{provider=\"aws\"} 12.0")
        .contains("costfleet_jobs_enqueued_total{priority=\"1\",provider=\"gcp\"}")
        .contains("costfleet_periods{state=\"closing\"}"));

    List<String> ids = new ArrayList<>();
    for (Provider p : Provider.values()) {
      for (GetResponse r; (r = channel.basicGet(topology.jobsQueue(p), true)) != null; ) {
        ExtractionJob job = codec.decodeJob(r.getBody());
        assertThat(job.priority()).isEqualTo(Priority.BACKFILL);
        ids.add(job.jobId());
      }
    }
    assertThat(ids).hasSize(36).doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(first.getList("jobs.jobId", String.class));

    JsonPath jobs = api().when().get("/api/v1/jobs?period=2026-05&provider=gcp").then().statusCode(200)
        .extract().jsonPath();
    assertThat(jobs.getList("state", String.class)).hasSize(4).containsOnly("pending");
    api().when().get("/api/v1/periods/2026-05").then().statusCode(200)
        .body("status", equalTo("closing")).body("jobs.pending", equalTo(12));
    api().when().get("/api/v1/jobs/" + ids.get(0)).then().statusCode(200).body("jobId", equalTo(ids.get(0)));
    api().when().get("/api/v1/jobs/aws-doesnotexist").then().statusCode(404);
    api().body("{\"provider\":\"aws\",\"from\":\"2026-04\",\"accounts\":[\"nope\"]}").when()
        .post("/api/v1/backfills").then().statusCode(400).body("error", containsString("nope"));
  }

  @Test
  void aDeadLetterReplayedThroughTheApiReachesItsWorkerQueueWithItsPayloadIntact() throws Exception {
    ExtractionJob job = ExtractionJob.of(Provider.GCP, "bigquery", "gcp-acct-2", YearMonth.of(2026, 9),
        Dataset.USAGE, null, null, Priority.MONTH_END, 2, Instant.parse("2026-10-03T06:00:00Z"))
        .nextAttempt().nextAttempt().nextAttempt().nextAttempt();
    ExtractionJob other = ExtractionJob.of(Provider.GCP, "bigquery", "gcp-acct-3", YearMonth.of(2026, 9),
        Dataset.USAGE, Priority.DAILY, Instant.parse("2026-10-02T02:15:00Z"));
    DeadLetterPublisher worker = new DeadLetterPublisher(topology, "worker-gcp-1");
    channel.confirmSelect();
    for (ExtractionJob j : List.of(job, other)) {
      worker.publish(channel, j.routingKey(), new AMQP.BasicProperties.Builder().priority(j.priority())
              .contentType(WireCodec.CONTENT_TYPE).build(), codec.encode(j), DeadLetterHeaders.Stage.FETCH,
          Provider.GCP, new UnavailableException("BigQuery 503 backendError", (Throwable) null), 5, null);
    }
    channel.waitForConfirmsOrDie(5_000);
    String dlq = topology.deadLetterQueue(Provider.GCP);
    assertThat(channel.queueDeclarePassive(dlq).getMessageCount()).isEqualTo(2);

    JsonPath look = api().when().get("/api/v1/dlq/gcp").then().statusCode(200).extract().jsonPath();
    JsonPath again = api().when().get("/api/v1/dlq/gcp").then().statusCode(200).extract().jsonPath();
    assertThat(look.getList("jobId", String.class)).containsExactly(job.jobId(), other.jobId());
    assertThat(again.getList("jobId", String.class)).containsExactly(job.jobId(), other.jobId());
    assertThat(again.getList("payload.attempt", Integer.class)).isEqualTo(look.getList("payload.attempt", Integer.class));
    Map<String, Object> context = look.getMap("[0].context");
    assertThat(context).containsEntry(DeadLetterHeaders.STAGE, "fetch")
        .containsEntry(DeadLetterHeaders.PROVIDER, "gcp")
        .containsEntry(DeadLetterHeaders.EXCEPTION_CLASS, UnavailableException.class.getName())
        .containsEntry(DeadLetterHeaders.EXCEPTION_MESSAGE, "BigQuery 503 backendError")
        .containsEntry(DeadLetterHeaders.ATTEMPTS, 5)
        .containsEntry(DeadLetterHeaders.JOB_ID, job.jobId())
        .containsEntry(DeadLetterHeaders.WORKER, "worker-gcp-1");
    assertThat(look.getInt("[0].payload.attempt")).isEqualTo(4);
    assertThat(look.getString("[0].routingKey")).isEqualTo(job.routingKey());
    assertThat(channel.queueDeclarePassive(dlq).getMessageCount()).as("looking consumes nothing").isEqualTo(2);

    api().when().post("/api/v1/dlq/gcp/replay").then().statusCode(400);
    JsonPath replay = api().when().post("/api/v1/dlq/gcp/replay?jobId=" + job.jobId()).then().statusCode(200)
        .extract().jsonPath();
    assertThat(replay.getList("replayed.jobId", String.class)).containsExactly(job.jobId());
    assertThat(replay.getInt("kept")).isEqualTo(1);

    GetResponse back = channel.basicGet(topology.jobsQueue(Provider.GCP), true);
    assertThat(back).as("the replayed job is in the gcp jobs queue").isNotNull();
    assertThat(codec.decodeJob(back.getBody())).isEqualTo(job.resetAttempts());
    assertThat(back.getEnvelope().getRoutingKey()).isEqualTo(job.routingKey());
    assertThat(back.getProps().getPriority()).isEqualTo(Priority.MONTH_END);
    assertThat(back.getProps().getHeaders()).doesNotContainKeys(DeadLetterHeaders.ATTEMPTS, DeadLetterHeaders.STAGE,
        "x-death").containsKey("x-costfleet-replayed-at");
    assertThat(channel.basicGet(topology.jobsQueue(Provider.GCP), true)).isNull();
    assertThat(api().when().get("/api/v1/dlq/gcp").then().extract().jsonPath().getList("jobId", String.class))
        .containsExactly(other.jobId());

    JsonPath audit = api().when().get("/api/v1/audit?limit=20").then().statusCode(200).extract().jsonPath();
    assertThat(audit.getList("findAll { it.action == 'dlq.replay' }.details.jobId", String.class))
        .contains(job.jobId());
    assertThat(audit.getList("findAll { it.action == 'dlq.replay' }.operator", String.class)).contains("alice");
  }

  @Test
  void purgingNeedsTheProviderRepeatedAsConfirmation() throws Exception {
    channel.confirmSelect();
    for (int i = 0; i < 2; i++) {
      channel.basicPublish(topology.deadLetterExchange(), "azure.query.sub-" + i + ".2026-09", null,
          ("not a job " + i).getBytes());
    }
    channel.waitForConfirmsOrDie(5_000);
    api().when().get("/api/v1/dlq/azure").then().statusCode(200)
        .body("payloadText", org.hamcrest.Matchers.contains("not a job 0", "not a job 1"));
    api().when().delete("/api/v1/dlq/azure").then().statusCode(400).body("error", containsString("confirm=azure"));
    api().when().delete("/api/v1/dlq/azure?confirm=aws").then().statusCode(400);
    assertThat(channel.queueDeclarePassive(topology.deadLetterQueue(Provider.AZURE)).getMessageCount()).isEqualTo(2);
    api().when().delete("/api/v1/dlq/azure?confirm=azure").then().statusCode(200).body("purged", equalTo(2));
    assertThat(channel.queueDeclarePassive(topology.deadLetterQueue(Provider.AZURE)).getMessageCount()).isZero();
    api().when().get("/api/v1/dlq").then().statusCode(200).body("azure", equalTo(0));
  }

  @io.quarkus.test.common.http.TestHTTPResource("/")
  java.net.URL base;

  private record Cli(int exit, String output) {}

  private Cli cli(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", "../bin/costfleet-api"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("COSTFLEET_API_URL", base.toString().replaceAll("/$", ""));
    pb.environment().put("COSTFLEET_API_TOKEN", TestConfigs.TOKEN);
    pb.environment().put("COSTFLEET_OPERATOR", "cli-test");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    return new Cli(p.exitValue(), out.replaceAll("[ \t\r\n]", ""));
  }

  @Test
  void theCliWrapsTheApiWithoutShowingTheToken() throws Exception {
    Cli enqueue = cli("enqueue", "--provider", "azure", "--from", "2026-02", "--account", "azure-acct-2",
        "--priority", "4");
    assertThat(enqueue.exit()).as(enqueue.output()).isZero();
    assertThat(enqueue.output()).contains("\"enqueued\":1").doesNotContain(TestConfigs.TOKEN);
    Cli jobs = cli("jobs", "--provider", "azure", "--period", "2026-02");
    assertThat(jobs.output()).contains("azure-acct-2").contains("\"priority\":4");
    Cli purge = cli("dlq", "purge", "azure");
    assertThat(purge.exit()).isEqualTo(2);
    assertThat(purge.output()).contains("--confirmazure");
    Cli missing = cli("job", "azure-nosuchjob");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.output()).contains("HTTP404");
    assertThat(cli("audit", "--limit", "5").output()).contains("cli-test").doesNotContain(TestConfigs.TOKEN);
  }

  @Test
  void cursorsAreShownByProviderAndPeriod() {
    ExtractionJob job = ExtractionJob.of(Provider.AWS, "cost-explorer", "aws-acct-1", YearMonth.of(2026, 9),
        Dataset.USAGE, Priority.DAILY, Instant.now());
    RedisJobLeases leases = new RedisJobLeases(redis);
    Lease lease = leases.tryAcquire(job.jobId(), "worker-aws-1", Duration.ofSeconds(30)).orElseThrow();
    new RedisCursorStore(redis).commit(job.cursorName(),
        new CursorState("token-7", 8, 7, 7_000, 3, CursorState.Status.RUNNING, 0, Instant.now()), lease);
    leases.release(lease);
    JsonPath cursors = api().when().get("/api/v1/cursors?provider=aws&period=2026-09").then().statusCode(200)
        .extract().jsonPath();
    Map<String, Object> state = cursors.getMap("'" + job.cursorName() + "'");
    assertThat(state).containsEntry("nextPage", 8).containsEntry("rows", 7000).containsEntry("status", "RUNNING");
    assertThat(api().when().get("/api/v1/cursors?provider=gcp").then().statusCode(200).extract().jsonPath()
        .getMap("$")).isEmpty();
  }
}
