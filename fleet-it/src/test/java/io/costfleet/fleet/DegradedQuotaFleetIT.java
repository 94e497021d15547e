package io.costfleet.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.sun.net.httpserver.HttpServer;
import io.costfleet.job.CloudEvent;
import io.costfleet.job.Topology;
import io.costfleet.job.TopologyDeclarer;
import io.costfleet.job.WireCodec;
import io.costfleet.redis.RedisCoordination;
import io.costfleet.resilience.CircuitBreaker;
import io.costfleet.resilience.CircuitBreakerConfig;
import io.costfleet.resilience.RedisCircuitBreaker;
import io.costfleet.testing.Amqp;
import io.costfleet.testing.RedisNamespace;
import io.costfleet.testing.TcpProxy;
import io.costfleet.worker.aws.AwsWorkerApplication;
import io.costfleet.worker.aws.sim.CeDataModel;
import io.costfleet.worker.aws.sim.CostExplorerSimulator;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 10's acceptance, the fleet together: the aws worker (in this JVM) extracting from the Cost Explorer
 * simulator, the packaged dispatcher (a process) answering quota from the snapshots it builds on job.completed,
 * the real RabbitMQ and Redis. The simulator goes down: within the breaker's threshold the fleet stops calling
 * it (its own request count), quota answers are degraded with a staleness, and a request that fits at the
 * last-known unit cost is denied at the highest known one; with the dispatcher's Redis cut, the local cache
 * answers; when the simulator returns, one probe closes the circuit and the fresh data clears the flag. The
 * budget thresholds crossed are announced once each, on the events exchange and to a webhook, across syncs.
 */
class DegradedQuotaFleetIT {
  private static final int THRESHOLD = 3;
  private static final Duration OPEN_FOR = Duration.ofSeconds(6);
  private static final BigDecimal QUANTITY = new BigDecimal("1000");
  /** The simulator's Environment tag values are "", "prod", "dev" (by index); the tag is the cost center here. */
  private static final int PROD = 1;
  private static final int DEV = 2;

  private final ObjectMapper json = WireCodec.newMapper();
  private final WireCodec codec = new WireCodec();
  private final HttpClient http = HttpClient.newHttpClient();
  private final RedisNamespace redis = RedisNamespace.create();
  private final List<String> webhookBodies = new CopyOnWriteArrayList<>();
  private final AtomicInteger webhookRefusals = new AtomicInteger(1);
  private final YearMonth period = YearMonth.now(ZoneOffset.UTC);
  private final LocalDate today = LocalDate.now(ZoneOffset.UTC);

  private Topology topology;
  private Connection connection;
  private Channel channel;
  private String breaches;
  private CostExplorerSimulator sim;
  private TcpProxy dispatcherRedis;
  private HttpServer hook;
  private ConfigurableApplicationContext worker;
  private DispatcherProcess dispatcher;

  @TempDir
  Path work;

  @BeforeEach
  void setUp() throws Exception {
    topology = Amqp.privateTopology();
    connection = Amqp.connect();
    channel = connection.createChannel();
    new TopologyDeclarer(topology).declare(channel);
    breaches = channel.queueDeclare().getQueue();
    channel.queueBind(breaches, topology.eventsExchange(), "budget.breached");
    sim = CostExplorerSimulator.start(CostExplorerSimulator.Options.defaults().withAccounts(1).withServices(3)
        .withPageSize(5000).withPeriods(List.of(period)));
    dispatcherRedis = TcpProxy.toRedis();
    hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hook.createContext("/hook", ex -> {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      boolean refuse = webhookRefusals.getAndDecrement() > 0;
      if (!refuse) {
        webhookBodies.add(body);
      }
      ex.sendResponseHeaders(refuse ? 503 : 204, -1);
      ex.close();
    });
    hook.start();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (dispatcher != null) {
      dispatcher.close();
    }
    if (worker != null) {
      worker.close();
    }
    hook.stop(0);
    dispatcherRedis.close();
    sim.close();
    new TopologyDeclarer(topology).delete(channel);
    try (Channel ch = connection.createChannel()) {
      ch.queueDelete(topology.namespace() + ".dispatcher.events");
      ch.queueDelete(topology.namespace() + ".dlq.dispatcher");
    }
    connection.close();
    redis.close();
  }

  /** What the simulator's data says, for the days up to today (the dispatcher leaves later charges out). */
  private record Truth(BigDecimal actual, BigDecimal forecast, String service, BigDecimal lastUnitCost,
      BigDecimal highestUnitCost, BigDecimal devActual) {}

  private Truth truth() {
    CeDataModel model = sim.model();
    String account = sim.accounts().get(0);
    BigDecimal actual = BigDecimal.ZERO;
    BigDecimal devActual = BigDecimal.ZERO;
    BigDecimal todays = BigDecimal.ZERO;
    String best = null;
    BigDecimal bestLast = null;
    BigDecimal bestHigh = null;
    for (int s = 0; s < model.services().size(); s++) {
      BigDecimal last = null;
      BigDecimal high = null;
      for (LocalDate d = period.atDay(1); !d.isAfter(today); d = d.plusDays(1)) {
        CeDataModel.Amounts prod = model.lineItem(account, d, s, PROD);
        actual = actual.add(prod.netAmortized());
        devActual = devActual.add(model.lineItem(account, d, s, DEV).netAmortized());
        if (d.equals(today)) {
          todays = todays.add(prod.netAmortized());
        }
        if (prod.usage().signum() > 0) {
          last = prod.netAmortized().divide(prod.usage(), 10, RoundingMode.HALF_UP);
          high = high == null || last.compareTo(high) > 0 ? last : high;
        }
      }
      if (last != null && (best == null || high.subtract(last).compareTo(bestHigh.subtract(bestLast)) > 0)) {
        best = model.services().get(s);
        bestLast = last;
        bestHigh = high;
      }
    }
    // a one-day window: today's cost is the run rate (kept to 10 decimals) for every day left
    BigDecimal forecast = todays.setScale(10, RoundingMode.HALF_UP)
        .multiply(BigDecimal.valueOf(period.lengthOfMonth() - today.getDayOfMonth()));
    return new Truth(actual, forecast, best, bestLast, bestHigh, devActual);
  }

  private void startWorker(Path storage) {
    worker = new SpringApplicationBuilder(AwsWorkerApplication.class).run(
        "--server.port=0",
        "--costfleet.worker.id=fleet-it-aws",
        "--costfleet.worker.concurrency=1",
        "--costfleet.worker.max-attempts=50",
        "--costfleet.worker.backoff-initial=200ms",
        "--costfleet.worker.backoff-max=1s",
        "--costfleet.worker.backoff-jitter=0",
        "--costfleet.worker.lease-ttl=5s",
        "--costfleet.worker.lease-renew-every=1s",
        "--costfleet.breaker.consecutive-failures=" + THRESHOLD,
        "--costfleet.breaker.failure-rate-threshold=0",
        "--costfleet.breaker.wait-duration-in-open-state=" + OPEN_FOR.toSeconds() + "s",
        "--costfleet.ratelimit.defaults.permits-per-second=1000",
        "--costfleet.ratelimit.defaults.burst=100",
        "--costfleet.topology.namespace=" + topology.namespace(),
        "--costfleet.storage.root=" + storage,
        "--costfleet.redis.key-prefix=" + redis.prefix(),
        "--costfleet.aws.ce.endpoint=" + sim.baseUrl(),
        "--costfleet.aws.ce.access-key-id=AKIDSIMULATOR",
        "--costfleet.aws.ce.secret-access-key=simulator-secret",
        "--spring.rabbitmq.host=127.0.0.1");
  }

  private Map<String, String> dispatcherConfig(Path storage, BigDecimal prodBudget, BigDecimal devBudget) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("costfleet.topology.namespace", topology.namespace());
    c.put("costfleet.redis.key-prefix", redis.prefix());
    c.put("costfleet.redis.port", Integer.toString(dispatcherRedis.port()));
    c.put("costfleet.redis.connect-timeout", "500ms");
    c.put("costfleet.redis.socket-timeout", "1s");
    c.put("costfleet.redis.reconnect-backoff-max", "500ms");
    c.put("costfleet.schedules.daily.cron", "off");
    c.put("costfleet.schedules.month-end.cron", "off");
    c.put("costfleet.storage.root", storage.toString());
    c.put("costfleet.providers.aws.accounts." + sim.accounts().get(0) + ".sources.cost-explorer", "usage");
    c.put("costfleet.quota.stale-after", "1h");
    c.put("costfleet.quota.forecast-window-days", "1");
    c.put("costfleet.quota.degraded.budget-factor", "1");
    c.put("costfleet.quota.refresh-every", "1s");
    c.put("costfleet.quota.sweep-every", "1h");
    c.put("costfleet.quota.local-cache", work.resolve("cache/lastgood.db").toString());
    c.put("costfleet.quota.cost-center-tag", "Environment");
    c.put("costfleet.budgets.cost-centers.prod.amount", prodBudget.toPlainString());
    c.put("costfleet.budgets.cost-centers.prod.thresholds", "forecast:100");
    c.put("costfleet.budgets.cost-centers.dev.amount", devBudget.toPlainString());
    c.put("costfleet.budgets.webhooks[0].url", "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook");
    c.put("costfleet.budgets.webhook-retry.initial-backoff", "100ms");
    return c;
  }

  private JsonNode quota(String costCenter, String query) throws Exception {
    HttpResponse<String> r = dispatcher.get("/api/v1/quota/" + costCenter + "?" + query);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json.readTree(r.body());
  }

  private long simRequests() throws Exception {
    String body = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/_sim/stats")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    return json.readTree(body).get("requests").asLong();
  }

  private void simOutage(boolean on) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/_sim/faults"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"outage\":" + on + "}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
  }

  private void backfill(boolean resync) throws Exception {
    HttpResponse<String> r = dispatcher.post("/api/v1/backfills", "{\"provider\":\"aws\",\"from\":\"" + period
        + "\",\"resync\":" + resync + "}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(json.readTree(r.body()).get("enqueued").asInt()).as(r.body()).isEqualTo(1);
  }

  private List<String> drainBreaches() throws Exception {
    List<String> ids = new ArrayList<>();
    for (GetResponse g; (g = channel.basicGet(breaches, true)) != null; ) {
      CloudEvent e = codec.decodeEvent(g.getBody());
      assertThat(e.type()).isEqualTo(CloudEvent.BUDGET_BREACHED);
      ids.add(e.id());
    }
    return ids;
  }

  private static BigDecimal decimal(JsonNode n) {
    return new BigDecimal(n.asText());
  }

  @Test
  void theFleetStopsCallingADownProviderQuotaTurnsConservativeAndRecoversWithOneProbe() throws Exception {
    Path storage = Files.createDirectories(work.resolve("storage"));
    Truth t = truth();
    String q = "quantity=" + QUANTITY + "&service=" + t.service().replace(" ", "%20");
    // the prod budget sits halfway between the request at its last-known and at its highest known unit cost
    BigDecimal before = t.actual().add(t.forecast());
    BigDecimal prodBudget = before.add(QUANTITY.multiply(t.lastUnitCost().add(t.highestUnitCost()))
        .divide(BigDecimal.valueOf(2))).setScale(10, RoundingMode.DOWN);
    BigDecimal devBudget = t.devActual().divide(BigDecimal.valueOf(2), 2, RoundingMode.DOWN);
    startWorker(storage);
    dispatcher = DispatcherProcess.start(dispatcherConfig(storage, prodBudget, devBudget), work);

    backfill(false);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
        .until(() -> !quota("prod", q).get("is_degraded").asBoolean());
    JsonNode healthy = quota("prod", q);
    assertThat(healthy.get("allowed").asBoolean()).as(healthy.toString()).isTrue();
    assertThat(decimal(healthy.at("/checks/0/actual"))).isEqualByComparingTo(t.actual());
    assertThat(decimal(healthy.at("/checks/0/forecast"))).isEqualByComparingTo(t.forecast());
    assertThat(decimal(healthy.at("/request/last_known_unit_cost"))).isEqualByComparingTo(t.lastUnitCost());
    assertThat(decimal(healthy.at("/request/highest_unit_cost"))).isEqualByComparingTo(t.highestUnitCost());
    assertThat(decimal(healthy.at("/request/cost"))).isEqualByComparingTo(QUANTITY.multiply(t.lastUnitCost()));
    assertThat(healthy.at("/providers/0/circuits/cost-explorer").asText()).isEqualTo("closed");
    Instant firstAsOf = Instant.parse(healthy.get("data_as_of").asText());

    await().atMost(Duration.ofSeconds(20)).until(() -> webhookBodies.size() >= 3);
    List<String> announced = drainBreaches();
    assertThat(announced).containsExactlyInAnyOrder(
        "budget-breached:" + period + ":cost_center:dev:actual-80",
        "budget-breached:" + period + ":cost_center:dev:actual-100",
        "budget-breached:" + period + ":cost_center:dev:forecast-100");

    // the provider goes down; a re-sync meets it
    simOutage(true);
    long beforeOutage = simRequests();
    backfill(true);
    try (RedisCoordination fleetRedis = redis.connect()) {
      CircuitBreaker breaker = new RedisCircuitBreaker(fleetRedis, CircuitBreakerConfig.ofDefaults());
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
          .until(() -> breaker.state("aws", "cost-explorer") == CircuitBreaker.State.OPEN);
      assertThat(simRequests() - beforeOutage).as("calls until the circuit opened").isEqualTo(THRESHOLD);
      Thread.sleep(2_000);
      assertThat(simRequests() - beforeOutage).as("no call while the circuit is open").isEqualTo(THRESHOLD);

      JsonNode degraded = quota("prod", q);
      assertThat(degraded.get("is_degraded").asBoolean()).isTrue();
      assertThat(degraded.get("degraded_reasons").toString())
          .contains("circuit aws:cost-explorer is open: the fleet stopped calling it");
      assertThat(degraded.get("staleness_seconds").asLong()).isGreaterThanOrEqualTo(0);
      assertThat(Instant.parse(degraded.get("data_as_of").asText())).isEqualTo(firstAsOf);
      assertThat(degraded.at("/providers/0/circuits/cost-explorer").asText()).isIn("open", "half_open");
      assertThat(degraded.at("/request/basis").asText()).isEqualTo("highest known unit cost");
      assertThat(decimal(degraded.at("/request/cost"))).isEqualByComparingTo(QUANTITY.multiply(t.highestUnitCost()));
      if (t.highestUnitCost().compareTo(t.lastUnitCost()) > 0) {
        assertThat(degraded.get("allowed").asBoolean())
            .as("the same request fits the budget at the last-known unit cost but not at the highest").isFalse();
      } else {
        System.out.println("first day of the month: one price per service, nothing to compare");
      }

      assertThat(dispatcher.get("/q/metrics").body())
          .containsPattern("costfleet_circuit_state\\{endpoint=\"cost-explorer\",provider=\"aws\"\\} [12]\\.0")
          .containsPattern("costfleet_data_staleness_seconds\\{provider=\"aws\"\\} \\d");

      // the dispatcher loses Redis too: its local cache answers
      dispatcherRedis.cut();
      JsonNode local = quota("prod", q);
      assertThat(local.get("store").asText()).isEqualTo("local");
      assertThat(local.get("is_degraded").asBoolean()).isTrue();
      assertThat(local.get("degraded_reasons").toString()).contains("Redis unreachable");
      assertThat(decimal(local.at("/checks/0/actual"))).isEqualByComparingTo(t.actual());
      assertThat(local.get("allowed").asBoolean()).isEqualTo(degraded.get("allowed").asBoolean());
      dispatcherRedis.restore();

      // the provider returns: the next attempt is the one probe, it closes the circuit and brings fresh data
      long beforeRecovery = simRequests();
      simOutage(false);
      await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(300)).until(() -> {
        JsonNode a = quota("prod", q);
        return !a.get("is_degraded").asBoolean() && Instant.parse(a.get("data_as_of").asText()).isAfter(firstAsOf);
      });
      assertThat(breaker.state("aws", "cost-explorer")).isEqualTo(CircuitBreaker.State.CLOSED);
      assertThat(simRequests() - beforeRecovery).as("one probe (the job's one page) after the outage").isEqualTo(1);
    }
    JsonNode fresh = quota("prod", q);
    assertThat(fresh.get("allowed").asBoolean()).isTrue();
    assertThat(fresh.get("store").asText()).isEqualTo("redis");

    Thread.sleep(2_500); // budget checks after the second sync
    assertThat(drainBreaches()).as("thresholds already announced are not announced again").isEmpty();
    assertThat(webhookBodies).hasSize(3);
    assertThat(webhookBodies).extracting(b -> json.readTree(b).get("id").asText())
        .containsExactlyInAnyOrderElementsOf(announced);

    String metrics = dispatcher.get("/q/metrics").body();
    assertThat(metrics)
        .containsPattern("costfleet_fallback_reads_total\\{provider=\"aws\",store=\"local\"\\} [1-9]")
        .containsPattern("costfleet_fallback_reads_total\\{provider=\"aws\",store=\"redis\"\\} [1-9]")
        .containsPattern("costfleet_quota_decisions_total\\{degraded=\"true\",outcome=\"deny\"\\} [1-9]")
        .containsPattern("costfleet_circuit_state\\{endpoint=\"cost-explorer\",provider=\"aws\"\\} 0")
        .contains("costfleet_budget_breaches_total{kind=\"actual\"} 2.0")
        .containsPattern("costfleet_data_staleness_seconds\\{provider=\"aws\"\\} \\d");
  }
}
