package io.costfleet.dbtelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Provider;
import io.costfleet.ratelimit.InMemoryRateLimiter;
import io.costfleet.ratelimit.RateLimitConfig;
import io.costfleet.resilience.CircuitBreaker;
import io.costfleet.resilience.CircuitBreakerConfig;
import io.costfleet.resilience.InMemoryCircuitBreaker;
import io.costfleet.runner.ExtractionRunner;
import io.costfleet.runner.RunFailedException;
import io.costfleet.runner.RunnerCoordination;
import io.costfleet.runner.RunnerSettings;
import io.costfleet.runner.StopSignal;
import io.costfleet.source.ErrorClassifier;
import io.costfleet.source.UnavailableException;
import io.costfleet.staging.StagingLayout;
import io.costfleet.state.InMemoryCoordination;
import io.costfleet.validation.RecordValidator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database that cannot be reached opens its own circuit in the runner, not the other endpoints'. */
class DbTelemetryCircuitTest {
  @TempDir
  Path root;

  @Test
  void anUnreachableEndpointOpensOnlyItsOwnCircuit() {
    DbEndpoint down = new DbEndpoint("down", Provider.AWS, "arn:down", "jdbc:postgresql://127.0.0.1:1/postgres", "x",
        null, null, null, List.of());
    DbEndpoint other = new DbEndpoint("other", Provider.AWS, "arn:other", "jdbc:postgresql://127.0.0.1:1/postgres", "x",
        null, null, null, List.of());
    DbTelemetryConfig config = new DbTelemetryConfig(List.of(down, other), null, null, null, Duration.ofSeconds(2),
        Duration.ofSeconds(2), null);
    InMemoryCoordination coordination = new InMemoryCoordination();
    CircuitBreaker breaker = new InMemoryCircuitBreaker(CircuitBreakerConfig.custom().consecutiveFailureThreshold(1)
        .build(), Clock.systemUTC());
    DbTelemetrySource source = new DbTelemetrySource(config, new TelemetryStore(root), coordination, "t",
        Clock.systemUTC());
    ExtractionJob job = DbTelemetryJobs.sampleJob(down, Instant.parse("2026-11-10T10:00:00Z"), 5, Instant.now());
    try (ExtractionRunner runner = new ExtractionRunner(new RunnerCoordination(coordination, coordination,
        new InMemoryRateLimiter(new RateLimitConfig(100, 100)), breaker), new StagingLayout(root),
        new RecordValidator(), new SimpleMeterRegistry(), RunnerSettings.defaults("t"), Clock.systemUTC())) {

      assertThatThrownBy(() -> runner.run(job, source, ErrorClassifier.typedOnly(), StopSignal.never()))
          .isInstanceOf(RunFailedException.class).hasCauseInstanceOf(UnavailableException.class);
    }

    assertThat(source.circuit(job)).isEqualTo("db-telemetry:down");
    assertThat(breaker.state("aws", "db-telemetry:down")).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(breaker.state("aws", "db-telemetry:other")).isEqualTo(CircuitBreaker.State.CLOSED);
  }
}
