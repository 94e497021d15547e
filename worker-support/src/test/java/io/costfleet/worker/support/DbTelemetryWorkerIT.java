package io.costfleet.worker.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.costfleet.dbtelemetry.DbEndpoint;
import io.costfleet.dbtelemetry.DbTelemetryConfig;
import io.costfleet.dbtelemetry.DbTelemetryJobs;
import io.costfleet.dbtelemetry.PrivatePostgres;
import io.costfleet.dbtelemetry.Sample;
import io.costfleet.dbtelemetry.TelemetryStore;
import io.costfleet.job.CloudEvent;
import io.costfleet.job.DeadLetterHeaders;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Provider;
import io.costfleet.job.Topology;
import io.costfleet.job.TopologyDeclarer;
import io.costfleet.job.WireCodec;
import io.costfleet.testing.Amqp;
import io.costfleet.testing.RedisNamespace;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The db-telemetry source in a real worker: configured by {@code costfleet.db-telemetry.*}, fed
 * jobs through the real RabbitMQ, leased and cursored in the real Redis, sampling a real
 * PostgreSQL ({@link PrivatePostgres}); a database without the extension dead-letters its job
 * with the setup error.
 */
class DbTelemetryWorkerIT {
  private static PrivatePostgres pg;

  private final WireCodec codec = new WireCodec();
  private final RedisNamespace redis = RedisNamespace.create();
  private Topology topology;
  private Connection connection;
  private Channel channel;
  private String eventsQueue;
  private ConfigurableApplicationContext app;

  @TempDir
  Path storage;

  @BeforeAll
  static void startPostgres() throws Exception {
    pg = PrivatePostgres.start();
    try (var c = pg.superuser("postgres"); Statement st = c.createStatement()) {
      st.execute("CREATE EXTENSION pg_stat_statements");
      st.execute("CREATE DATABASE no_extension");
    }
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    topology = Amqp.privateTopology();
    connection = Amqp.connect();
    channel = connection.createChannel();
    new TopologyDeclarer(topology).declare(channel);
    eventsQueue = channel.queueDeclare().getQueue();
    channel.queueBind(eventsQueue, topology.eventsExchange(), "job.#");
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

  private void startWorker() {
    List<String> args = new ArrayList<>(List.of(
        "--server.port=0",
        "--costfleet.worker.provider=aws",
        "--costfleet.worker.max-attempts=2",
        "--costfleet.worker.backoff-initial=100ms",
        "--costfleet.worker.backoff-max=200ms",
        "--costfleet.topology.namespace=" + topology.namespace(),
        "--costfleet.storage.root=" + storage,
        "--costfleet.redis.key-prefix=" + redis.prefix(),
        "--spring.rabbitmq.host=127.0.0.1"));
    String[] names = {"orders-pg", "broken-pg"};
    String[] databases = {"postgres", "no_extension"};
    for (int i = 0; i < 2; i++) {
      String p = "--costfleet.db-telemetry.endpoints[" + i + "].";
      args.addAll(List.of(p + "name=" + names[i], p + "provider=aws",
          p + "resource-id=arn:aws:rds:us-east-1:123456789012:db:" + names[i], p + "jdbc-url=" + pg.jdbcUrl(databases[i]),
          p + "username=postgres", p + "tenants[0].cost-center=cc-app", p + "tenants[0].database=postgres"));
    }
    app = new SpringApplicationBuilder(TestWorkerApplication.class).run(args.toArray(String[]::new));
  }

  private void publish(ExtractionJob job) throws Exception {
    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType(WireCodec.CONTENT_TYPE)
        .deliveryMode(2).priority(5).build();
    channel.basicPublish(topology.jobsExchange(), job.routingKey(), true, props, codec.encode(job));
    channel.waitForConfirmsOrDie(5_000);
  }

  private GetResponse next(String queue) {
    GetResponse[] got = new GetResponse[1];
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(() -> (got[0] = channel.basicGet(queue, true)) != null);
    return got[0];
  }

  private CloudEvent nextEvent(String type) {
    while (true) {
      CloudEvent e = codec.decodeEvent(next(eventsQueue).getBody());
      if (e.type().equals(type)) {
        return e;
      }
    }
  }

  @Test
  void aSampleJobIsRunByTheWorkerAndABrokenEndpointIsDeadLetteredNamingTheFix() throws Exception {
    startWorker();
    DbTelemetryConfig config = app.getBean(DbTelemetryConfig.class);
    DbEndpoint orders = config.endpoint("orders-pg").orElseThrow();
    Instant slot = Instant.now();
    ExtractionJob first = DbTelemetryJobs.sampleJob(orders, slot, 5, slot);
    ExtractionJob second = DbTelemetryJobs.sampleJob(orders, slot.plusSeconds(900), 5, slot);

    publish(first);
    assertThat(nextEvent(CloudEvent.JOB_COMPLETED).subject()).isEqualTo(first.jobId());
    publish(second);
    assertThat(nextEvent(CloudEvent.JOB_COMPLETED).subject()).isEqualTo(second.jobId());

    TelemetryStore store = new TelemetryStore(storage);
    Optional<Sample> latest = store.latest("orders-pg");
    assertThat(latest).isPresent();
    assertThat(latest.get().baseline()).as("the second sample has deltas against the first").isFalse();
    assertThat(latest.get().rows()).anyMatch(r -> r.delta().calls() > 0);
    assertThat(redis.keys()).anyMatch(k -> k.contains("cursor:aws:db-telemetry:orders-pg:"));

    ExtractionJob broken = DbTelemetryJobs.sampleJob(config.endpoint("broken-pg").orElseThrow(), slot, 5, slot);
    publish(broken);
    GetResponse dead = next(topology.deadLetterQueue(Provider.AWS));
    Map<String, Object> h = dead.getProps().getHeaders();
    assertThat(h.get(DeadLetterHeaders.EXCEPTION_CLASS).toString())
        .isEqualTo("io.costfleet.dbtelemetry.TelemetrySetupException$MissingExtension");
    assertThat(h.get(DeadLetterHeaders.EXCEPTION_MESSAGE).toString())
        .contains("CREATE EXTENSION pg_stat_statements in database no_extension");
    assertThat(h.get(DeadLetterHeaders.ATTEMPTS)).isEqualTo(1);
    assertThat(store.latest("broken-pg")).isEmpty();
  }
}
