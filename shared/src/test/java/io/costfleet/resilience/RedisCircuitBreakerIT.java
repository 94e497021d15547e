package io.costfleet.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costfleet.metrics.MetricNames;
import io.costfleet.resilience.CircuitBreaker.State;
import io.costfleet.source.ThrottledException;
import io.costfleet.source.UnavailableException;
import io.costfleet.testing.RedisNamespace;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared circuit on the real Redis, two breaker instances ("workers") with their own pools. */
class RedisCircuitBreakerIT {
  private static final Duration OPEN_FOR = Duration.ofMillis(600);

  private RedisNamespace ns;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final CircuitBreakerMetrics metricsA = new CircuitBreakerMetrics();
  private RedisCircuitBreaker workerA;
  private RedisCircuitBreaker workerB;
  private final AtomicInteger endpointCalls = new AtomicInteger();

  @BeforeEach
  void breakers() {
    ns = RedisNamespace.create();
    CircuitBreakerConfig config = CircuitBreakerConfig.custom().consecutiveFailureThreshold(3)
        .failureRateThreshold(0).waitDurationInOpenState(OPEN_FOR).probeTimeout(Duration.ofSeconds(5)).build();
    metricsA.bindTo(meters);
    workerA = new RedisCircuitBreaker(ns.connect(), config, List.of(metricsA));
    workerB = new RedisCircuitBreaker(ns.connect(), config);
  }

  @AfterEach
  void clean() {
    ns.close();
  }

  private Supplier<String> failing() {
    return () -> {
      endpointCalls.incrementAndGet();
      throw new UnavailableException("503 from the endpoint", null);
    };
  }

  private Supplier<String> answering(Duration latency) {
    return () -> {
      endpointCalls.incrementAndGet();
      sleep(latency);
      return "page";
    };
  }

  private void trip() {
    for (RedisCircuitBreaker worker : List.of(workerA, workerB, workerA)) {
      assertThatThrownBy(() -> worker.execute("azure", "query", failing())).isInstanceOf(UnavailableException.class)
          .isNotInstanceOf(CallNotPermittedException.class);
    }
  }

  @Test
  void consecutiveFailuresSeenByDifferentWorkersOpenTheCircuitForTheWholeFleet() {
    trip();
    assertThat(workerB.state("azure", "query")).isEqualTo(State.OPEN);
    int before = endpointCalls.get();
    assertThatThrownBy(() -> workerB.execute("azure", "query", answering(Duration.ZERO)))
        .isInstanceOf(CallNotPermittedException.class)
        .satisfies(e -> assertThat(((CallNotPermittedException) e).retryAfter().orElseThrow())
            .isPositive().isLessThanOrEqualTo(OPEN_FOR));
    assertThat(endpointCalls.get()).as("an open circuit does not call the endpoint").isEqualTo(before);
    assertThat(workerA.state("azure", "other-endpoint")).isEqualTo(State.CLOSED);
  }

  @Test
  void afterTheOpenPeriodExactlyOneOfSixteenConcurrentCallersProbesTheEndpoint() throws Exception {
    trip();
    Thread.sleep(OPEN_FOR.toMillis() + 50);
    assertThat(workerA.state("azure", "query")).isEqualTo(State.HALF_OPEN);
    endpointCalls.set(0);

    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> calls = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        RedisCircuitBreaker worker = i % 2 == 0 ? workerA : workerB;
        calls.add(pool.submit(() -> {
          go.await();
          return worker.execute("azure", "query", answering(Duration.ofMillis(300)));
        }));
      }
      go.countDown();
      int answered = 0;
      int refused = 0;
      for (Future<String> f : calls) {
        try {
          assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("page");
          answered++;
        } catch (java.util.concurrent.ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(CallNotPermittedException.class);
          refused++;
        }
      }
      assertThat(endpointCalls.get()).as("calls that reached the endpoint").isEqualTo(1);
      assertThat(answered).isEqualTo(1);
      assertThat(refused).isEqualTo(15);
    } finally {
      pool.shutdownNow();
    }
    assertThat(workerB.state("azure", "query")).as("the probe succeeded").isEqualTo(State.CLOSED);
    assertThat(workerB.execute("azure", "query", answering(Duration.ZERO))).isEqualTo("page");
    assertThat(ns.keys()).as("the probe key is released").doesNotContain(ns.prefix() + "breaker:azure:query:probe");
  }

  @Test
  void aFailedProbeOpensTheCircuitAgain() throws Exception {
    trip();
    Thread.sleep(OPEN_FOR.toMillis() + 50);
    assertThatThrownBy(() -> workerB.execute("azure", "query", failing())).isInstanceOf(UnavailableException.class)
        .isNotInstanceOf(CallNotPermittedException.class);
    assertThat(workerA.state("azure", "query")).isEqualTo(State.OPEN);
    assertThatThrownBy(() -> workerA.execute("azure", "query", answering(Duration.ZERO)))
        .isInstanceOf(CallNotPermittedException.class);
  }

  @Test
  void throttlingAndSuccessesDoNotTripTheCircuit() {
    for (int i = 0; i < 10; i++) {
      assertThatThrownBy(() -> workerA.execute("aws", "ce", () -> {
        throw new ThrottledException("ce", Duration.ofSeconds(1), "429", null);
      })).isInstanceOf(ThrottledException.class);
    }
    assertThatThrownBy(() -> workerA.execute("aws", "ce", failing())).isInstanceOf(UnavailableException.class);
    assertThatThrownBy(() -> workerA.execute("aws", "ce", failing())).isInstanceOf(UnavailableException.class);
    workerA.execute("aws", "ce", answering(Duration.ZERO));
    assertThatThrownBy(() -> workerA.execute("aws", "ce", failing())).isInstanceOf(UnavailableException.class);
    assertThatThrownBy(() -> workerA.execute("aws", "ce", failing())).isInstanceOf(UnavailableException.class);
    assertThat(workerA.state("aws", "ce")).as("a success in between resets the consecutive count")
        .isEqualTo(State.CLOSED);
  }

  @Test
  void aFailureRateOverTheWindowOpensTheCircuit() {
    RedisCircuitBreaker byRate = new RedisCircuitBreaker(ns.connect(), CircuitBreakerConfig.custom()
        .consecutiveFailureThreshold(100).failureRateThreshold(50).minimumNumberOfCalls(10)
        .failureRateWindow(Duration.ofSeconds(30)).build());
    for (int i = 0; i < 9; i++) {
      Supplier<String> call = i % 2 == 0 ? failing() : answering(Duration.ZERO);
      try {
        byRate.execute("gcp", "bigquery", call);
      } catch (UnavailableException expected) {
        // counted
      }
    }
    assertThat(byRate.state("gcp", "bigquery")).as("9 calls: below the minimum").isEqualTo(State.CLOSED);
    assertThatThrownBy(() -> byRate.execute("gcp", "bigquery", failing())).isInstanceOf(UnavailableException.class);
    assertThat(byRate.state("gcp", "bigquery")).as("6 failures in 10 calls").isEqualTo(State.OPEN);
  }

  @Test
  void transitionsAreCountedAndTheStateIsAGauge() throws Exception {
    trip();
    assertThat(meters.get(MetricNames.CIRCUIT_STATE).tags("provider", "azure", "endpoint", "query").gauge().value())
        .isEqualTo(2.0);
    Thread.sleep(OPEN_FOR.toMillis() + 50);
    workerA.execute("azure", "query", answering(Duration.ZERO));
    assertThat(meters.get(MetricNames.CIRCUIT_STATE).tags("provider", "azure", "endpoint", "query").gauge().value())
        .isEqualTo(0.0);
    for (String to : List.of("open", "half_open", "closed")) {
      assertThat(meters.get(MetricNames.CIRCUIT_TRANSITIONS).tags("provider", "azure", "endpoint", "query", "to", to)
          .counter().count()).as("transitions to " + to).isEqualTo(1.0);
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
