package io.costfleet.dispatcher.quota;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.costfleet.degrade.StagedSpend;
import io.costfleet.dispatcher.TestConfigs;
import io.costfleet.job.CloudEvent;
import io.costfleet.job.Dataset;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.JobEventData;
import io.costfleet.job.Provider;
import io.costfleet.job.Topology;
import io.costfleet.job.WireCodec;
import io.costfleet.model.CostRecord;
import io.costfleet.redis.RedisConfig;
import io.costfleet.redis.RedisCoordination;
import io.costfleet.resilience.CircuitBreaker;
import io.costfleet.resilience.CircuitBreakerConfig;
import io.costfleet.resilience.RedisCircuitBreaker;
import io.costfleet.source.UnavailableException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Quota answers and budget events of a booted dispatcher against the real RabbitMQ and Redis: snapshots built
 * from staged data when {@code job.completed} arrives, the fleet's circuit read from Redis, the clock fixed
 * (exact staleness and forecasts), Redis cut through a proxy for the local-cache answer.
 */
@QuarkusTest
@QuarkusTestResource(value = QuotaTestResource.class, restrictToAnnotatedClass = true)
class QuotaApiIT {
  private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
  private static final YearMonth PERIOD = YearMonth.of(2026, 11);
  private static final String ACCOUNT = QuotaTestResource.ACCOUNT;

  private final WireCodec codec = new WireCodec();

  @Inject
  Topology topology;

  @ConfigProperty(name = "costfleet.redis.key-prefix")
  String keyPrefix;

  private Connection connection;
  private Channel channel;
  private String breaches;

  @BeforeEach
  void setUp() throws Exception {
    TestClock.set(NOW);
    connection = io.costfleet.testing.Amqp.connect();
    channel = connection.createChannel();
    breaches = channel.queueDeclare().getQueue();
    channel.queueBind(breaches, topology.eventsExchange(), "budget.breached");
    channel.confirmSelect();
  }

  @AfterEach
  void tearDown() throws Exception {
    TestClock.reset();
    QuotaTestResource.redisProxy.restore();
    connection.close();
  }

  private static RequestSpecification api() {
    return given().header("Authorization", "Bearer " + TestConfigs.TOKEN);
  }

  private static JsonPath quota(String costCenter, String query) {
    return api().when().get("/api/v1/quota/" + costCenter + "?" + query).then().statusCode(200).extract().jsonPath();
  }

  /** payments: 20 a day (Compute: 2.00 an hour on the 1st, 1.00 after); search: 50 a day; one charge dated after today. */
  private ExtractionJob sync(int generation, Instant completedAt) throws Exception {
    List<CostRecord> records = new ArrayList<>();
    for (int d = 1; d <= 20; d++) {
      String day = PERIOD.atDay(d).toString();
      records.add(StagedSpend.usage(Provider.AWS, ACCOUNT, "p" + d, day, "Compute", "20", d == 1 ? "10" : "20",
          "payments").build());
      records.add(StagedSpend.usage(Provider.AWS, ACCOUNT, "s" + d, day, "Search", "50", "50", "search").build());
    }
    records.add(StagedSpend.usage(Provider.AWS, ACCOUNT, "future", PERIOD.atDay(25).toString(), "Compute", "9999", "1",
        "payments").build());
    ExtractionJob job = new StagedSpend(QuotaTestResource.storage).job(Provider.AWS, ACCOUNT, PERIOD, Dataset.USAGE,
        generation, completedAt, records);
    CloudEvent event = JobEventData.completed(job, "test-worker", 1, records.size(), 0)
        .toEvent(CloudEvent.JOB_COMPLETED, "urn:costfleet:worker:aws", codec.mapper());
    channel.basicPublish(topology.eventsExchange(), event.routingKey(), true,
        new AMQP.BasicProperties.Builder().contentType(WireCodec.CLOUDEVENTS_CONTENT_TYPE).build(), codec.encode(event));
    channel.waitForConfirmsOrDie(5_000);
    return job;
  }

  private List<CloudEvent> drainBreaches() throws Exception {
    List<CloudEvent> out = new ArrayList<>();
    for (GetResponse r; (r = channel.basicGet(breaches, true)) != null; ) {
      out.add(codec.decodeEvent(r.getBody()));
    }
    return out;
  }

  @Test
  void quotaFollowsTheDataTurnsConservativeWhenDegradedAndAnswersFromTheLocalCacheWithoutRedis() throws Exception {
    JsonPath blind = quota("payments", "amount=1");
    assertThat(blind.getBoolean("is_degraded")).isTrue();
    assertThat(blind.getBoolean("allowed")).isFalse();
    assertThat(blind.getList("notes", String.class)).anyMatch(n -> n.contains("fails closed"));

    sync(1, Instant.parse("2026-11-20T10:00:00Z"));
    await().atMost(Duration.ofSeconds(20)).until(() -> !quota("payments", "amount=0").getBoolean("is_degraded"));

    JsonPath healthy = quota("payments", "quantity=300&service=Compute");
    assertThat(healthy.getBoolean("allowed")).isTrue();
    assertThat(healthy.getString("decision")).isEqualTo("allow");
    assertThat(healthy.getLong("staleness_seconds")).isEqualTo(7200);
    assertThat(healthy.getString("data_as_of")).isEqualTo("2026-11-20T10:00:00Z");
    assertThat(healthy.getString("store")).isEqualTo("redis");
    assertThat(healthy.getString("request.basis")).isEqualTo("last-known unit cost");
    assertThat(healthy.getDouble("request.cost")).isEqualTo(300.0);
    assertThat(healthy.getDouble("request.highest_unit_cost")).isEqualTo(2.0);
    assertThat(healthy.getString("checks[0].name")).isEqualTo("payments");
    assertThat(healthy.getDouble("checks[0].actual")).isEqualTo(400.0);
    assertThat(healthy.getDouble("checks[0].forecast")).isEqualTo(200.0);
    assertThat(healthy.getDouble("checks[0].projected")).isEqualTo(900.0);
    assertThat(healthy.getString("checks[1].name")).isEqualTo("retail");
    assertThat(healthy.getString("providers[0].circuits.cost-explorer")).isEqualTo("closed");

    await().atMost(Duration.ofSeconds(20)).until(() -> QuotaTestResource.webhookBodies.size() >= 2);
    List<CloudEvent> first = drainBreaches();
    assertThat(first).extracting(CloudEvent::id).containsExactlyInAnyOrder(
        "budget-breached:2026-11:cost_center:search:actual-80",
        "budget-breached:2026-11:cost_center:search:forecast-100");
    assertThat(first).allSatisfy(e -> assertThat(e.type()).isEqualTo(CloudEvent.BUDGET_BREACHED));
    assertThat(QuotaTestResource.webhookAuthorizations).hasSize(3).containsOnly("Bearer hook-secret");

    sync(2, Instant.parse("2026-11-20T11:00:00Z"));
    await().atMost(Duration.ofSeconds(20)).until(() -> "2026-11-20T11:00:00Z".equals(
        quota("payments", "amount=0").getString("data_as_of")));
    Thread.sleep(2_500); // two budget checks after the second sync
    assertThat(drainBreaches()).as("no second announcement for the same thresholds").isEmpty();
    assertThat(QuotaTestResource.webhookBodies).hasSize(2);

    try (RedisCoordination fleetRedis = RedisCoordination.connect(RedisConfig.defaults().withKeyPrefix(keyPrefix))) {
      CircuitBreaker breaker = new RedisCircuitBreaker(fleetRedis, CircuitBreakerConfig.custom()
          .consecutiveFailureThreshold(2).waitDurationInOpenState(Duration.ofSeconds(2)).build());
      for (int i = 0; i < 2; i++) {
        try {
          breaker.execute("aws", "cost-explorer", () -> {
            throw new UnavailableException("503 from Cost Explorer", null);
          });
        } catch (UnavailableException expected) {
          // counted by the circuit
        }
      }
      assertThat(breaker.state("aws", "cost-explorer")).isEqualTo(CircuitBreaker.State.OPEN);

      JsonPath degraded = quota("payments", "quantity=300&service=Compute");
      assertThat(degraded.getBoolean("is_degraded")).isTrue();
      assertThat(degraded.getBoolean("conservative")).isTrue();
      assertThat(degraded.getList("degraded_reasons", String.class))
          .contains("circuit aws:cost-explorer is open: the fleet stopped calling it");
      assertThat(degraded.getLong("staleness_seconds")).isEqualTo(3600);
      assertThat(degraded.getString("request.basis")).isEqualTo("highest known unit cost");
      assertThat(degraded.getDouble("request.cost")).isEqualTo(600.0);
      assertThat(degraded.getDouble("checks[0].limit")).isEqualTo(900.0);
      assertThat(degraded.getDouble("checks[0].projected")).isEqualTo(1200.0);
      assertThat(degraded.getBoolean("allowed")).as("fits at last-known prices (900 <= 900), not at the highest")
          .isFalse();
      assertThat(degraded.getString("providers[0].circuits.cost-explorer")).isEqualTo("open");

      QuotaTestResource.redisProxy.cut();
      JsonPath local = quota("payments", "quantity=300&service=Compute");
      assertThat(local.getString("store")).isEqualTo("local");
      assertThat(local.getBoolean("is_degraded")).isTrue();
      assertThat(local.getList("degraded_reasons", String.class)).anyMatch(r -> r.contains("Redis unreachable"));
      assertThat(local.getString("data_as_of")).isEqualTo("2026-11-20T11:00:00Z");
      assertThat(local.getDouble("checks[0].actual")).isEqualTo(400.0);
      assertThat(local.getBoolean("allowed")).isFalse();
      JsonPath localBudgets = api().when().get("/api/v1/budgets").then().statusCode(200).extract().jsonPath();
      assertThat(localBudgets.getString("store")).isEqualTo("local");
      QuotaTestResource.redisProxy.restore();

      await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(breaker.execute("aws", "cost-explorer", () -> "probe answered")).isEqualTo("probe answered"));
      assertThat(breaker.state("aws", "cost-explorer")).isEqualTo(CircuitBreaker.State.CLOSED);
    }
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(quota("payments", "quantity=300&service=Compute").getBoolean("is_degraded")).isFalse());

    TestClock.set(NOW.plus(Duration.ofHours(6)));
    JsonPath stale = quota("payments", "amount=10");
    assertThat(stale.getBoolean("is_degraded")).isTrue();
    assertThat(stale.getLong("staleness_seconds")).isEqualTo(6 * 3600 + 3600);
    assertThat(stale.getList("degraded_reasons", String.class)).anyMatch(r -> r.contains("stale after 21600 s"));

    String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics)
        .containsPattern("costfleet_quota_decisions_total\\{degraded=\"true\",outcome=\"deny\"\\} [1-9]")
        .containsPattern("costfleet_quota_decisions_total\\{degraded=\"false\",outcome=\"allow\"\\} [1-9]")
        .containsPattern("costfleet_fallback_reads_total\\{provider=\"aws\",store=\"redis\"\\} [1-9]")
        .containsPattern("costfleet_fallback_reads_total\\{provider=\"aws\",store=\"local\"\\} [1-9]")
        .containsPattern("costfleet_fallback_reads_total\\{provider=\"aws\",store=\"none\"\\} [1-9]")
        .containsPattern("costfleet_data_staleness_seconds\\{provider=\"aws\"\\} 25200")
        .contains("costfleet_budget_breaches_total{kind=\"actual\"} 1.0")
        .contains("costfleet_budget_breaches_total{kind=\"forecast\"} 1.0")
        .contains("costfleet_webhook_deliveries_total{outcome=\"delivered\"} 2.0")
        .containsPattern("costfleet_circuit_state\\{endpoint=\"cost-explorer\",provider=\"aws\"\\} ");
  }

  @Test
  void malformedRequestsUnknownCostCentersAndTheBudgetsView() {
    api().when().get("/api/v1/quota/payments").then().statusCode(400);
    api().when().get("/api/v1/quota/payments?amount=1&quantity=2&service=Compute").then().statusCode(400);
    api().when().get("/api/v1/quota/payments?quantity=2").then().statusCode(400);
    api().when().get("/api/v1/quota/payments?amount=-5").then().statusCode(400);
    api().when().get("/api/v1/quota/nobody?amount=1").then().statusCode(404)
        .body("error", org.hamcrest.Matchers.containsString("nobody"));
    given().when().get("/api/v1/quota/payments?amount=1").then().statusCode(401);
    JsonPath budgets = api().when().get("/api/v1/budgets").then().statusCode(200).extract().jsonPath();
    assertThat(budgets.getString("period")).isEqualTo("2026-11");
    assertThat(budgets.getList("budgets.name", String.class)).containsExactly("payments", "search", "retail");
    assertThat(budgets.getList("budgets[0].thresholds.threshold", String.class))
        .containsExactly("actual:80", "actual:100", "forecast:100");
  }
}
