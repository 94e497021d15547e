package io.costfleet.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.costfleet.job.CloudEvent;
import io.costfleet.job.WireCodec;
import io.costfleet.metrics.MetricNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deliveries to a local HTTP server that fails on purpose. */
class WebhookNotifierTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private final List<String> contentTypes = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private final AtomicInteger statusWhenFailing = new AtomicInteger(503);
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hook", ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      contentTypes.add(ex.getRequestHeaders().getFirst("Content-Type"));
      authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
      int status = failuresLeft.getAndDecrement() > 0 ? statusWhenFailing.get() : 202;
      if (status == 202) {
        bodies.add(new String(body, StandardCharsets.UTF_8));
      }
      ex.sendResponseHeaders(status, -1);
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private WebhookNotifier notifier(int attempts) {
    URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    return new WebhookNotifier(List.of(new WebhookNotifier.Endpoint(url, "Bearer s3cret")),
        new WebhookNotifier.Retry(attempts, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(2)),
        WireCodec.newMapper(), registry);
  }

  private static CloudEvent event() {
    return CloudEvent.withId("budget-breached:2026-11:cost_center:payments:actual-80", "/costfleet/dispatcher",
        CloudEvent.BUDGET_BREACHED, "cost_center/payments",
        WireCodec.newMapper().createObjectNode().put("name", "payments"));
  }

  private double delivered(String outcome) {
    var c = registry.find(MetricNames.WEBHOOK_DELIVERIES).tag("outcome", outcome).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void retriesServerErrorsUntilTheEventIsTaken() throws Exception {
    failuresLeft.set(2);
    try (WebhookNotifier n = notifier(5)) {
      n.send(event());
      await().atMost(Duration.ofSeconds(5)).until(() -> delivered("delivered") == 1);
    }
    assertThat(contentTypes).hasSize(3).containsOnly(WebhookNotifier.CONTENT_TYPE);
    assertThat(authorizations).containsOnly("Bearer s3cret");
    JsonNode body = WireCodec.newMapper().readTree(bodies.get(0));
    assertThat(body.get("id").asText()).isEqualTo("budget-breached:2026-11:cost_center:payments:actual-80");
    assertThat(body.get("type").asText()).isEqualTo(CloudEvent.BUDGET_BREACHED);
    assertThat(body.get("specversion").asText()).isEqualTo("1.0");
    assertThat(body.get("data").get("name").asText()).isEqualTo("payments");
    assertThat(delivered("failed")).isZero();
  }

  @Test
  void aClientErrorIsFinalAndRunningOutOfAttemptsIsAFailure() throws Exception {
    statusWhenFailing.set(404);
    failuresLeft.set(1);
    try (WebhookNotifier n = notifier(5)) {
      assertThat(n.deliver(n.endpoints().get(0), "e1", "{}".getBytes(StandardCharsets.UTF_8))).isFalse();
    }
    assertThat(contentTypes).hasSize(1);
    statusWhenFailing.set(500);
    failuresLeft.set(10);
    try (WebhookNotifier n = notifier(3)) {
      assertThat(n.deliver(n.endpoints().get(0), "e2", "{}".getBytes(StandardCharsets.UTF_8))).isFalse();
    }
    assertThat(contentTypes).hasSize(4);
    assertThat(delivered("failed")).isEqualTo(2);
  }
}
