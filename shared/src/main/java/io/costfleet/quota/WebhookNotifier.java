package io.costfleet.quota;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costfleet.job.CloudEvent;
import io.costfleet.metrics.MetricNames;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs events to configured webhooks, CloudEvents HTTP structured mode ({@code Content-Type:
 * application/cloudevents+json}, the event as the body), in the background, each endpoint on its own.
 * A connection failure, a timeout, 408, 429 or a 5xx is retried with exponential back-off (a
 * {@code Retry-After} in seconds is honoured up to the longest back-off); any other answer outside 2xx
 * is final. Each delivery is counted in {@value MetricNames#WEBHOOK_DELIVERIES} by {@code outcome}
 * ({@code delivered}, {@code failed}); a final failure is logged as an error with the event id. The
 * webhook is a courtesy copy: the event itself is on the events exchange.
 */
public final class WebhookNotifier implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);
  public static final String CONTENT_TYPE = "application/cloudevents+json";

  /** One webhook; {@code authorization} (optional) is sent as the Authorization header. */
  public record Endpoint(URI url, String authorization) {
    public Endpoint {
      Objects.requireNonNull(url, "url");
      if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
        throw new IllegalArgumentException("a webhook URL must be http or https, was " + url);
      }
    }

    /** The URL without credentials or query, for logs. */
    String display() {
      return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()) + url.getPath();
    }
  }

  /** How deliveries are retried: {@code attempts} in all, back-off doubling from {@code initialBackoff}. */
  public record Retry(int attempts, Duration initialBackoff, Duration maxBackoff, Duration timeout) {
    public Retry {
      if (attempts < 1) {
        throw new IllegalArgumentException("webhook attempts must be >= 1, was " + attempts);
      }
      Objects.requireNonNull(initialBackoff, "initialBackoff");
      Objects.requireNonNull(maxBackoff, "maxBackoff");
      Objects.requireNonNull(timeout, "timeout");
    }

    public static Retry defaults() {
      return new Retry(5, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(5));
    }
  }

  private final List<Endpoint> endpoints;
  private final Retry retry;
  private final ObjectMapper mapper;
  private final MeterRegistry registry;
  private final HttpClient http;
  private final ExecutorService executor;

  public WebhookNotifier(List<Endpoint> endpoints, Retry retry, ObjectMapper mapper, MeterRegistry registry) {
    this.endpoints = List.copyOf(endpoints);
    this.retry = Objects.requireNonNull(retry, "retry");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.http = HttpClient.newBuilder().connectTimeout(retry.timeout()).build();
    this.executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "costfleet-webhooks");
      t.setDaemon(true);
      return t;
    });
  }

  public List<Endpoint> endpoints() {
    return endpoints;
  }

  /** Queues the event for every endpoint; returns at once. */
  public void send(CloudEvent event) {
    if (endpoints.isEmpty()) {
      return;
    }
    byte[] body = encode(event);
    for (Endpoint e : endpoints) {
      executor.submit(() -> deliver(e, event.id(), body));
    }
  }

  /** Delivers to one endpoint with retries, on the calling thread; true when a 2xx answered. */
  public boolean deliver(Endpoint endpoint, String eventId, byte[] body) {
    Duration backoff = retry.initialBackoff();
    String last = "not attempted";
    for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
      Optional<Duration> retryAfter = Optional.empty();
      try {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint.url()).timeout(retry.timeout())
            .header("Content-Type", CONTENT_TYPE).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (endpoint.authorization() != null && !endpoint.authorization().isBlank()) {
          request.header("Authorization", endpoint.authorization());
        }
        HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          count("delivered");
          return true;
        }
        last = "HTTP " + status;
        if (status != 408 && status != 429 && status < 500) {
          break;
        }
        retryAfter = response.headers().firstValue("Retry-After").flatMap(WebhookNotifier::seconds);
      } catch (IOException e) {
        last = e.getClass().getSimpleName() + ": " + e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        last = "interrupted";
        break;
      }
      if (attempt < retry.attempts()) {
        Duration wait = retryAfter.map(r -> r.compareTo(retry.maxBackoff()) > 0 ? retry.maxBackoff() : r).orElse(backoff);
        LOG.info("webhook {} did not take event {} ({}); attempt {} of {} in {} ms", endpoint.display(), eventId, last,
            attempt + 1, retry.attempts(), wait.toMillis());
        if (!sleep(wait)) {
          last = "interrupted";
          break;
        }
        backoff = backoff.multipliedBy(2).compareTo(retry.maxBackoff()) > 0 ? retry.maxBackoff() : backoff.multipliedBy(2);
      }
    }
    count("failed");
    LOG.error("webhook {} did not take event {} ({}); giving up (the event is on the events exchange)",
        endpoint.display(), eventId, last);
    return false;
  }

  private byte[] encode(CloudEvent event) {
    try {
      return mapper.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("event " + event.id() + " is not serializable", e);
    }
  }

  private void count(String outcome) {
    registry.counter(MetricNames.WEBHOOK_DELIVERIES, "outcome", outcome).increment();
  }

  private static Optional<Duration> seconds(String header) {
    try {
      long s = Long.parseLong(header.strip());
      return s >= 0 ? Optional.of(Duration.ofSeconds(s)) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static boolean sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Waits up to 10 s for queued deliveries, then stops. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      executor.shutdownNow();
    }
  }
}
