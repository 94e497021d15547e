package io.costfleet.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costfleet.job.Dataset;
import io.costfleet.job.DeadLetterHeaders;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Provider;
import io.costfleet.metrics.MetricNames;
import io.costfleet.model.CostRecord;
import io.costfleet.ratelimit.InMemoryRateLimiter;
import io.costfleet.ratelimit.RateLimitConfig;
import io.costfleet.resilience.InMemoryCircuitBreaker;
import io.costfleet.source.ErrorClassifier;
import io.costfleet.source.ThrottledException;
import io.costfleet.source.UnavailableException;
import io.costfleet.staging.PartitionKey;
import io.costfleet.staging.QuarantineWriter;
import io.costfleet.staging.StagingLayout;
import io.costfleet.staging.ParquetRecordReader;
import io.costfleet.state.CursorState;
import io.costfleet.state.InMemoryCoordination;
import io.costfleet.state.LeaseBusyException;
import io.costfleet.validation.RecordValidator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtractionRunnerTest {
  private static final RecordValidator VALIDATOR = new RecordValidator();

  @TempDir
  Path root;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T10:00:00Z"));
  private InMemoryCoordination coordination;
  private InMemoryRateLimiter rateLimiter;
  private SimpleMeterRegistry registry;
  private StagingLayout layout;
  private ExtractionRunner runner;
  private final ExtractionJob job = ExtractionJob.of(Provider.AWS, "fake", "111122223333", YearMonth.of(2026, 10),
      Dataset.USAGE, 5, Instant.parse("2026-11-01T00:00:00Z"));

  @BeforeEach
  void setUp() {
    coordination = new InMemoryCoordination(clock);
    rateLimiter = new InMemoryRateLimiter(new RateLimitConfig(1000, 1000));
    registry = new SimpleMeterRegistry();
    layout = new StagingLayout(root);
    runner = runner("worker-1");
  }

  private ExtractionRunner runner(String owner) {
    return new ExtractionRunner(
        new RunnerCoordination(coordination, coordination, rateLimiter, InMemoryCircuitBreaker.ofDefaults()),
        layout, VALIDATOR, registry,
        new RunnerSettings(owner, Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(5), 2,
            Duration.ofMillis(20), 2),
        clock);
  }

  @AfterEach
  void close() {
    runner.close();
  }

  private List<CostRecord> staged() {
    Path dir = layout.jobStagingDir(PartitionKey.of(job), job.jobId());
    return new ParquetRecordReader().readAll(dir.resolve("*.parquet"));
  }

  private static BigDecimal total(List<CostRecord> records) {
    return records.stream().map(CostRecord::billedCost).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  @Test
  void stagesEveryPageArchivesRawPagesAndCommitsADoneCursorWithAManifest() throws Exception {
    FakeSource source = new FakeSource(3, 4);

    RunOutcome outcome = runner.run(job, source, ErrorClassifier.typedOnly(), StopSignal.never());

    assertThat(outcome).isEqualTo(new RunOutcome.Completed(3, 12, 0, false, false));
    List<CostRecord> staged = staged();
    assertThat(staged).hasSize(12);
    assertThat(total(staged)).isEqualByComparingTo(source.expectedTotal());
    assertThat(staged).allSatisfy(r -> {
      assertThat(r.xIngestionJobId()).isEqualTo(job.jobId());
      assertThat(r.xSourcePosition()).startsWith("page ");
      assertThat(r.xSourceVersion()).isEqualTo("g0");
    });
    PartitionKey partition = PartitionKey.of(job);
    for (int p = 1; p <= 3; p++) {
      assertThat(layout.stagingPage(partition, job.jobId(), p)).isRegularFile();
      assertThat(layout.rawPage(partition, job.jobId(), p, "json")).isRegularFile();
    }
    CursorState cursor = coordination.load(job.cursorName()).orElseThrow();
    assertThat(cursor.done()).isTrue();
    assertThat(cursor.pages()).isEqualTo(3);
    assertThat(cursor.rows()).isEqualTo(12);
    JobManifest manifest = JobManifest.read(layout.jobManifest(partition, job.jobId())).orElseThrow();
    assertThat(manifest.rows()).isEqualTo(12);
    assertThat(manifest.pages()).isEqualTo(3);
    assertThat(manifest.generation()).isZero();
    assertThat(registry.get(MetricNames.RECORDS).tag("outcome", "staged").counter().count()).isEqualTo(12);
    assertThat(registry.get(MetricNames.PAGES).counter().count()).isEqualTo(3);
    assertThat(registry.get(MetricNames.CURSOR_COMMIT).timer().count()).isEqualTo(3);
    assertThat(coordination.tryAcquire(job.jobId(), "other", Duration.ofSeconds(1))).as("lease released").isPresent();
  }

  @Test
  void aDoneJobIsCompletedWithoutFetching() {
    FakeSource source = new FakeSource(2, 2);
    runner.run(job, source, ErrorClassifier.typedOnly(), StopSignal.never());
    int fetches = source.fetches.get();

    RunOutcome again = runner.run(job, source, ErrorClassifier.typedOnly(), StopSignal.never());

    assertThat(again).isEqualTo(new RunOutcome.Completed(2, 4, 0, true, false));
    assertThat(source.fetches.get()).isEqualTo(fetches);
  }

  @Test
  void aFailedRunResumesFromTheCommittedCursorWithoutDuplicates() {
    FakeSource source = new FakeSource(4, 3);
    AtomicReference<Integer> calls = new AtomicReference<>(0);
    source.beforeFetch = () -> {
      calls.set(calls.get() + 1);
      if (calls.get() == 3) {
        source.failNext(() -> new UnavailableException("HTTP 503", null));
      }
    };

    assertThatThrownBy(() -> runner.run(job, source, ErrorClassifier.typedOnly(), StopSignal.never()))
        .isInstanceOfSatisfying(RunFailedException.class, e -> {
          assertThat(e.stage()).isEqualTo(DeadLetterHeaders.Stage.FETCH);
          assertThat(e.getCause()).isInstanceOf(UnavailableException.class);
          assertThat(e.pagesThisRun()).isEqualTo(2);
        });
    assertThat(coordination.load(job.cursorName()).orElseThrow().nextPage()).isEqualTo(3);

    RunOutcome outcome = runner.run(job, source, ErrorClassifier.typedOnly(), StopSignal.never());

    assertThat(outcome).isEqualTo(new RunOutcome.Completed(4, 12, 0, false, false));
    assertThat(calls.get()).as("pages 1-2 were not fetched again").isEqualTo(5);
    assertThat(staged()).hasSize(12);
    assertThat(total(staged())).isEqualByComparingTo(source.expectedTotal());
  }

  @Test
  void aReplayAfterTheCursorsWereLostOverwritesInsteadOfDuplicating() {
    FakeSource source = new FakeSource(3, 5);
    runner.run(job, source, ErrorClassifier.typedOnly(), StopSignal.never());
    coordination.delete(job.cursorName());

    RunOutcome replay = runner.run(job, source, ErrorClassifier.typedOnly(), StopSignal.never());

    assertThat(replay).isEqualTo(new RunOutcome.Completed(3, 15, 0, false, false));
    assertThat(staged()).hasSize(15);
    assertThat(total(staged())).isEqualByComparingTo(source.expectedTotal());
  }

  @Test
  void malformedRecordsAreQuarantinedWithTheirRawTextViolationsAndPosition() throws Exception {
    FakeSource source = new FakeSource(2, 3);
    source.malformed.add("2.2");

    RunOutcome outcome = runner.run(job, source, ErrorClassifier.typedOnly(), StopSignal.never());

    assertThat(outcome).isEqualTo(new RunOutcome.Completed(2, 5, 1, false, false));
    assertThat(total(staged())).isEqualByComparingTo(source.expectedTotal());
    Path file = layout.quarantinePage(PartitionKey.of(job), job.jobId(), 2);
    List<QuarantineWriter.Entry> entries = new QuarantineWriter().read(file);
    assertThat(entries).singleElement().satisfies(e -> {
      assertThat(e.position()).isEqualTo("page 2 record 2");
      assertThat(e.raw()).isEqualTo("{\"value\":\"2.2\"}");
      assertThat(e.violations()).extracting(v -> v.field()).containsExactly("BilledCost");
      assertThat(e.jobId()).isEqualTo(job.jobId());
    });
    assertThat(layout.quarantinePage(PartitionKey.of(job), job.jobId(), 1)).doesNotExist();
    assertThat(registry.get(MetricNames.RECORDS).tag("outcome", "quarantined").counter().count()).isEqualTo(1);
  }

  @Test
  void aRecordFailingValidationIsQuarantinedNotStaged() throws Exception {
    FakeSource source = new FakeSource(1, 2) {
      @Override
      public io.costfleet.source.Normalizer<String> normalizer() {
        var inner = super.normalizer();
        return new io.costfleet.source.Normalizer<>() {
          @Override
          public io.costfleet.source.NormalizeResult normalize(io.costfleet.source.RawRecord<String> raw,
              io.costfleet.source.NormalizeContext context) {
            var r = (io.costfleet.source.NormalizeResult.Accepted) inner.normalize(raw, context);
            CostRecord rec = r.records().get(0);
            return new io.costfleet.source.NormalizeResult.Accepted(List.of(
                raw.value().equals("1.2") ? rec.toBuilder().billingCurrency("XXQ").serviceName(null).build() : rec));
          }

          @Override
          public String rawText(String raw) {
            return raw;
          }
        };
      }
    };

    RunOutcome outcome = runner.run(job, source, ErrorClassifier.typedOnly(), StopSignal.never());

    assertThat(outcome).isEqualTo(new RunOutcome.Completed(1, 1, 1, false, false));
    var entry = new QuarantineWriter().read(layout.quarantinePage(PartitionKey.of(job), job.jobId(), 1)).get(0);
    assertThat(entry.violations()).extracting(v -> v.field()).containsExactly("BillingCurrency", "ServiceName");
  }

  @Test
  void aLeaseHeldByAnotherWorkerIsATransientLeaseFailure() {
    coordination.tryAcquire(job.jobId(), "worker-2", Duration.ofSeconds(30)).orElseThrow();

    assertThatThrownBy(() -> runner.run(job, new FakeSource(1, 1), ErrorClassifier.typedOnly(), StopSignal.never()))
        .isInstanceOfSatisfying(RunFailedException.class, e -> {
          assertThat(e.stage()).isEqualTo(DeadLetterHeaders.Stage.LEASE);
          assertThat(e.getCause()).isInstanceOf(LeaseBusyException.class);
        });
  }

  @Test
  void aStopRequestFinishesThePageInFlightAndAnotherWorkerResumes() {
    FakeSource source = new FakeSource(5, 2);
    AtomicBoolean stop = new AtomicBoolean();
    source.beforeFetch = () -> stop.set(source.fetches.get() == 2);

    RunOutcome outcome = runner.run(job, source, ErrorClassifier.typedOnly(), stop::get);

    assertThat(outcome).isEqualTo(new RunOutcome.Abandoned(RunOutcome.Reason.SHUTDOWN, 2));
    assertThat(coordination.load(job.cursorName()).orElseThrow().nextPage()).isEqualTo(3);
    ExtractionRunner other = runner("worker-2");
    assertThat(other.run(job, source, ErrorClassifier.typedOnly(), StopSignal.never()))
        .isEqualTo(new RunOutcome.Completed(5, 10, 0, false, false));
    other.close();
    assertThat(staged()).hasSize(10);
  }

  @Test
  void aThrottledPageBacksTheBucketOffAndIsRetriedInPlace() {
    FakeSource source = new FakeSource(2, 1);
    source.failNext(() -> new ThrottledException("fake-api", Duration.ofMillis(50), "Rate exceeded", null));

    long start = System.nanoTime();
    RunOutcome outcome = runner.run(job, source, ErrorClassifier.typedOnly(), StopSignal.never());

    assertThat(outcome).isInstanceOf(RunOutcome.Completed.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(40));
    assertThat(registry.get(MetricNames.THROTTLES).counter().count()).isEqualTo(1);
    assertThat(source.fetches.get()).isEqualTo(3);
  }

  @Test
  void throttlingBeyondThePerPageBudgetFailsTheRunAsTransient() {
    FakeSource source = new FakeSource(1, 1);
    for (int i = 0; i < 3; i++) {
      source.failNext(() -> new ThrottledException("fake-api", Duration.ofMillis(1), "Rate exceeded", null));
    }

    assertThatThrownBy(() -> runner.run(job, source, ErrorClassifier.typedOnly(), StopSignal.never()))
        .hasCauseInstanceOf(ThrottledException.class);
    assertThat(source.fetches.get()).isEqualTo(3);
  }

  @Test
  void aWorkerWhoseLeaseExpiredAndWasTakenOverStopsAtItsNextCommit() {
    FakeSource source = new FakeSource(3, 1);
    source.beforeFetch = () -> {
      if (source.fetches.get() == 2) {
        clock.advance(Duration.ofSeconds(31));
        coordination.tryAcquire(job.jobId(), "worker-2", Duration.ofSeconds(30)).orElseThrow();
      }
    };

    RunOutcome outcome = runner.run(job, source, ErrorClassifier.typedOnly(), StopSignal.never());

    assertThat(outcome).isEqualTo(new RunOutcome.Abandoned(RunOutcome.Reason.LEASE_LOST, 1));
    assertThat(coordination.load(job.cursorName()).orElseThrow().nextPage()).isEqualTo(2);
  }

  @Test
  void estimatedPagesAreReportedInTheOutcomeAndTheManifest() throws Exception {
    FakeSource source = new FakeSource(1, 1);
    source.metadata = Map.of(ExtractionRunner.META_ESTIMATED, "true", ExtractionRunner.META_SOURCE_VERSION, "v7");

    RunOutcome outcome = runner.run(job, source, ErrorClassifier.typedOnly(), StopSignal.never());

    assertThat(((RunOutcome.Completed) outcome).estimated()).isTrue();
    JobManifest m = JobManifest.read(layout.jobManifest(PartitionKey.of(job), job.jobId())).orElseThrow();
    assertThat(m.estimated()).isTrue();
    assertThat(m.sourceVersion()).isEqualTo("v7");
    assertThat(staged().get(0).xSourceVersion()).isEqualTo("v7");
  }

  @Test
  void theLatestCompleteGenerationSupersedesOlderOnesOfTheSameSlice() throws Exception {
    FakeSource source = new FakeSource(1, 2);
    runner.run(job, source, ErrorClassifier.typedOnly(), StopSignal.never());
    ExtractionJob resync = ExtractionJob.of(job.provider(), job.source(), job.accountId(), job.billingPeriod(),
        job.dataset(), null, null, 9, 1, Instant.parse("2026-11-03T00:00:00Z"));
    runner.run(resync, source, ErrorClassifier.typedOnly(), StopSignal.never());
    ExtractionJob incomplete = ExtractionJob.of(job.provider(), job.source(), job.accountId(), job.billingPeriod(),
        job.dataset(), null, null, 9, 2, Instant.parse("2026-11-04T00:00:00Z"));
    Files.createDirectories(layout.jobStagingDir(PartitionKey.of(job), incomplete.jobId()));

    List<JobManifest> latest = JobManifest.latestComplete(layout, PartitionKey.of(job));

    assertThat(latest).singleElement().satisfies(m -> {
      assertThat(m.jobId()).isEqualTo(resync.jobId());
      assertThat(m.generation()).isEqualTo(1);
    });
  }

  /** A clock tests move by hand. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
