package io.costfleet.runner;

import io.costfleet.job.DeadLetterHeaders.Stage;
import io.costfleet.job.ExtractionJob;
import io.costfleet.ratelimit.RateLimitTimeoutException;
import io.costfleet.source.CostSource;
import io.costfleet.source.Cursor;
import io.costfleet.source.ErrorClassifier;
import io.costfleet.source.MalformedPayloadException;
import io.costfleet.source.NormalizeContext;
import io.costfleet.source.Page;
import io.costfleet.source.PermanentException;
import io.costfleet.source.ThrottledException;
import io.costfleet.source.TransientException;
import io.costfleet.source.UnavailableException;
import io.costfleet.staging.PartitionKey;
import io.costfleet.staging.StagingLayout;
import io.costfleet.state.CursorState;
import io.costfleet.state.Lease;
import io.costfleet.state.LeaseBusyException;
import io.costfleet.state.LeaseLostException;
import io.costfleet.validation.RecordValidator;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link ExtractionJob} through a {@link CostSource}: the page loop every worker shares.
 *
 * <ol>
 *   <li>Takes the job's lease (renewed in the background while the job runs) and loads its cursor;
 *       a DONE cursor means the job is done: it returns {@link RunOutcome.Completed} without work.</li>
 *   <li>Per page: takes a rate-limit token for {@code (provider, source.rateLimitScope(job))},
 *       fetches through the circuit breaker (endpoint = {@link CostSource#circuit}, by default the
 *       source name), translates failures with the
 *       source's {@link ErrorClassifier}; a {@link ThrottledException} backs the whole bucket off
 *       (fleet-wide) and the page is retried in place up to
 *       {@link RunnerSettings#throttleRetriesPerPage()} times.</li>
 *   <li>Archives the raw page, normalizes and validates every record, stages the valid ones and
 *       quarantines the rejected ones under deterministic names ({@link PageStager}).</li>
 *   <li>Commits the cursor only after those files are durable; a lost lease at commit stops the run.</li>
 *   <li>After the last page, writes the job's {@link JobManifest} and commits the DONE cursor.</li>
 * </ol>
 *
 * <p>Memory is bounded by one page. Failures are thrown as {@link RunFailedException} with the
 * stage and the typed cause; {@link DeliveryPolicy} decides what happens to the message.
 *
 * <p>Page metadata the runner reads: {@value #META_ESTIMATED} ({@code "true"} when the provider
 * marked the data as estimated, reported so the job is re-synced later) and
 * {@value #META_SOURCE_VERSION} (the data version put in {@link NormalizeContext}; default
 * {@code g<generation>}).
 */
public final class ExtractionRunner implements AutoCloseable {
  /** Page metadata key: the provider flagged this page's data as estimated. */
  public static final String META_ESTIMATED = "estimated";
  /** Page metadata key: the version of the source data (CUR assemblyId, export run, ...). */
  public static final String META_SOURCE_VERSION = "sourceVersion";

  private static final Logger log = LoggerFactory.getLogger(ExtractionRunner.class);

  private final RunnerCoordination coordination;
  private final StagingLayout layout;
  private final PageStager stager;
  private final RunnerSettings settings;
  private final RunnerMetrics metrics;
  private final Clock clock;
  private final ScheduledExecutorService renewals;

  public ExtractionRunner(RunnerCoordination coordination, StagingLayout layout, RecordValidator validator,
      MeterRegistry registry, RunnerSettings settings, Clock clock) {
    this.coordination = Objects.requireNonNull(coordination, "coordination");
    this.layout = Objects.requireNonNull(layout, "layout");
    this.stager = new PageStager(layout, Objects.requireNonNull(validator, "validator"));
    this.settings = Objects.requireNonNull(settings, "settings");
    this.metrics = new RunnerMetrics(registry, clock);
    this.clock = clock;
    this.renewals = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "costfleet-lease-renewal");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Runs the job to its end, or until {@code stop} asks to stop or the lease is lost.
   *
   * @throws RunFailedException when a stage fails; its cause is the typed exception
   */
  public <T> RunOutcome run(ExtractionJob job, CostSource<T> source, ErrorClassifier classifier, StopSignal stop) {
    return run(job, source, classifier, stop, RunListener.none());
  }

  /**
   * Runs the job, telling {@code listener} when it starts or resumes with the lease held.
   *
   * @throws RunFailedException when a stage fails; its cause is the typed exception
   */
  public <T> RunOutcome run(ExtractionJob job, CostSource<T> source, ErrorClassifier classifier, StopSignal stop,
      RunListener listener) {
    Optional<Lease> acquired;
    try {
      acquired = coordination.leases().tryAcquire(job.jobId(), settings.owner(), settings.leaseTtl());
    } catch (RuntimeException e) {
      throw new RunFailedException(Stage.LEASE, coordinationFailure("lease acquisition", e), 0);
    }
    if (acquired.isEmpty()) {
      Optional<CursorState> state = loadCursor(job, Stage.LEASE);
      if (state.isPresent() && state.get().done()) {
        return completedAlready(state.get());
      }
      throw new RunFailedException(Stage.LEASE, new LeaseBusyException(job.jobId(), settings.leaseTtl()), 0);
    }
    Lease lease = acquired.get();
    AtomicBoolean leaseLost = new AtomicBoolean();
    ScheduledFuture<?> renewal = renewals.scheduleWithFixedDelay(() -> renew(lease, leaseLost),
        settings.leaseRenewEvery().toMillis(), settings.leaseRenewEvery().toMillis(), TimeUnit.MILLISECONDS);
    String provider = job.provider().code();
    metrics.jobStarted(provider, job.jobId());
    try {
      return runLeased(job, source, classifier, stop, lease, leaseLost, listener);
    } finally {
      renewal.cancel(false);
      metrics.jobEnded(provider, job.jobId());
      release(lease);
    }
  }

  private <T> RunOutcome runLeased(ExtractionJob job, CostSource<T> source, ErrorClassifier classifier,
      StopSignal stop, Lease lease, AtomicBoolean leaseLost, RunListener listener) {
    CursorState state = loadCursor(job, Stage.LEASE).orElse(CursorState.initial());
    if (state.done()) {
      writeManifestIfMissing(job, state);
      return completedAlready(state);
    }
    listener.started(job, state);
    Cursor cursor = new Cursor(state.token(), state.nextPage());
    long pages = state.pages();
    long rows = state.rows();
    long quarantined = state.quarantined();
    long pagesThisRun = 0;
    boolean estimated = false;
    String provider = job.provider().code();
    while (true) {
      if (leaseLost.get()) {
        log.warn("job {} lost its lease after {} page(s) of this run; its new holder finishes it", job.jobId(),
            pagesThisRun);
        return new RunOutcome.Abandoned(RunOutcome.Reason.LEASE_LOST, pagesThisRun);
      }
      if (stop.stopRequested()) {
        log.info("job {} stopped for shutdown at page {} ({} page(s) this run); it resumes from its cursor",
            job.jobId(), cursor.page(), pagesThisRun);
        return new RunOutcome.Abandoned(RunOutcome.Reason.SHUTDOWN, pagesThisRun);
      }
      Page<T> page;
      try {
        page = fetch(job, source, classifier, cursor, pagesThisRun);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new RunOutcome.Abandoned(RunOutcome.Reason.SHUTDOWN, pagesThisRun);
      }
      if (page.nextToken() != null && page.nextToken().equals(cursor.token())) {
        throw new RunFailedException(Stage.FETCH, new MalformedPayloadException(
            source.name() + " returned page token '" + page.nextToken() + "' for itself at page " + cursor.page()),
            pagesThisRun);
      }
      String version = page.metadata().getOrDefault(META_SOURCE_VERSION, "g" + job.generation());
      boolean pageEstimated = Boolean.parseBoolean(page.metadata().get(META_ESTIMATED));
      estimated |= pageEstimated;
      PageStager.Result staged;
      try {
        staged = stager.stage(job, cursor.page(), page, source.normalizer(), new NormalizeContext(job, version));
        if (page.last()) {
          stager.removePagesAfter(job, cursor.page());
          JobManifest.of(job, pages + 1, rows + staged.staged(), quarantined + staged.quarantined(), estimated,
              version, clock.instant()).write(layout.jobManifest(PartitionKey.of(job), job.jobId()));
        }
      } catch (IOException | UncheckedIOException e) {
        throw new RunFailedException(Stage.STAGE_WRITE,
            new UnavailableException("staging write failed: " + e.getMessage(), e), pagesThisRun);
      } catch (RuntimeException e) {
        throw new RunFailedException(Stage.STAGE_WRITE, e, pagesThisRun);
      }
      pages++;
      rows += staged.staged();
      quarantined += staged.quarantined();
      CursorState next = new CursorState(page.nextToken(), cursor.page() + 1, pages, rows, quarantined,
          page.last() ? CursorState.Status.DONE : CursorState.Status.RUNNING, 0, clock.instant());
      Instant commitStart = clock.instant();
      try {
        coordination.cursors().commit(job.cursorName(), next, lease);
      } catch (LeaseLostException e) {
        log.warn("job {} lost its lease at the commit of page {}: {}", job.jobId(), cursor.page(), e.getMessage());
        return new RunOutcome.Abandoned(RunOutcome.Reason.LEASE_LOST, pagesThisRun);
      } catch (RuntimeException e) {
        throw new RunFailedException(Stage.COMMIT, coordinationFailure("cursor commit", e), pagesThisRun);
      }
      metrics.cursorCommit(provider, Duration.between(commitStart, clock.instant()));
      metrics.committed(provider, job.jobId());
      metrics.page(provider, job.source());
      metrics.records(provider, job.source(), "staged", staged.staged());
      metrics.records(provider, job.source(), "quarantined", staged.quarantined());
      pagesThisRun++;
      if (page.last()) {
        log.info("job {} {} {} {} {} done: {} page(s), {} record(s) staged, {} quarantined{}", job.jobId(), provider,
            job.source(), job.accountId(), job.billingPeriod(), pages, rows, quarantined,
            estimated ? " (estimated data: re-sync later)" : "");
        return new RunOutcome.Completed(pages, rows, quarantined, false, estimated);
      }
      if (pagesThisRun % settings.progressEveryPages() == 0) {
        log.info("job {} progress: page {} committed, {} record(s) staged, {} quarantined", job.jobId(),
            cursor.page(), rows, quarantined);
      }
      cursor = cursor.next(page.nextToken());
    }
  }

  private <T> Page<T> fetch(ExtractionJob job, CostSource<T> source, ErrorClassifier classifier, Cursor cursor,
      long pagesThisRun) throws InterruptedException {
    String provider = job.provider().code();
    String scope = source.rateLimitScope(job);
    int throttles = 0;
    while (true) {
      Duration waited;
      try {
        waited = coordination.rateLimiter().acquire(provider, scope, 1, settings.rateLimitMaxWait());
      } catch (RateLimitTimeoutException e) {
        throw new RunFailedException(Stage.FETCH, e, pagesThisRun);
      } catch (RuntimeException e) {
        throw new RunFailedException(Stage.FETCH, coordinationFailure("rate limiter", e), pagesThisRun);
      }
      metrics.rateLimitWait(provider, scope, waited);
      try {
        return coordination.circuitBreaker().execute(provider, source.circuit(job), () -> {
          try {
            return source.fetch(job, cursor);
          } catch (RuntimeException e) {
            throw typedRuntime(classifier, e);
          }
        });
      } catch (RuntimeException e) {
        Throwable typed = classifier.typed(e);
        if (typed instanceof ThrottledException t) {
          String bucket = t.scope() != null ? t.scope() : scope;
          metrics.throttle(provider, bucket);
          coordination.rateLimiter().backOff(provider, bucket, t.retryAfter().orElse(settings.throttleBackoff()));
          if (throttles++ < settings.throttleRetriesPerPage()) {
            log.debug("job {} throttled at page {} ({}), retrying after the fleet back-off", job.jobId(),
                cursor.page(), t.getMessage());
            continue;
          }
        }
        throw new RunFailedException(Stage.FETCH, typed, pagesThisRun);
      }
    }
  }

  private static RuntimeException typedRuntime(ErrorClassifier classifier, RuntimeException e) {
    Throwable typed = classifier.typed(e);
    return typed instanceof RuntimeException re ? re : e;
  }

  private Optional<CursorState> loadCursor(ExtractionJob job, String stage) {
    try {
      return coordination.cursors().load(job.cursorName());
    } catch (RuntimeException e) {
      throw new RunFailedException(stage, coordinationFailure("cursor load", e), 0);
    }
  }

  private RunOutcome completedAlready(CursorState state) {
    return new RunOutcome.Completed(state.pages(), state.rows(), state.quarantined(), true, false);
  }

  private void writeManifestIfMissing(ExtractionJob job, CursorState state) {
    var target = layout.jobManifest(PartitionKey.of(job), job.jobId());
    try {
      if (JobManifest.read(target).isEmpty()) {
        JobManifest.of(job, state.pages(), state.rows(), state.quarantined(), false, "g" + job.generation(),
            clock.instant()).write(target);
      }
    } catch (IOException e) {
      throw new RunFailedException(Stage.STAGE_WRITE,
          new UnavailableException("manifest write failed: " + e.getMessage(), e), 0);
    }
  }

  private void renew(Lease lease, AtomicBoolean leaseLost) {
    try {
      if (!coordination.leases().renew(lease, settings.leaseTtl())) {
        leaseLost.set(true);
      }
    } catch (RuntimeException e) {
      // Not fatal by itself: the next renewal retries, and the fenced cursor commit refuses a lost lease.
      log.warn("renewal of the lease of job {} failed (retrying in {}): {}", lease.jobId(),
          settings.leaseRenewEvery(), e.toString());
    }
  }

  private void release(Lease lease) {
    try {
      coordination.leases().release(lease);
    } catch (RuntimeException e) {
      // Harmless: the lease expires after its TTL; only the next holder's start is delayed.
      log.warn("release of the lease of job {} failed; it expires in {}: {}", lease.jobId(), settings.leaseTtl(),
          e.toString());
    }
  }

  private static RuntimeException coordinationFailure(String what, RuntimeException e) {
    if (e instanceof TransientException || e instanceof PermanentException || e instanceof LeaseLostException) {
      return e;
    }
    return new UnavailableException(what + " failed: " + e, e);
  }

  @Override
  public void close() {
    renewals.shutdownNow();
  }
}
