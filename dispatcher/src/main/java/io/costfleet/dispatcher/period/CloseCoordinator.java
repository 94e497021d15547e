package io.costfleet.dispatcher.period;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.costfleet.job.CloudEvent;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Provider;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs a period's close when it is due, on one replica: claims it in the store, calls the {@link PeriodCloser}
 * on its own thread, records the outcome and announces {@code io.costfleet.period.closed}. A claim whose holder
 * died expires after the close timeout; {@link #checkAll} (run periodically) picks up what an event missed.
 */
public final class CloseCoordinator implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(CloseCoordinator.class);

  /** Publishes an event on the events exchange. */
  @FunctionalInterface
  public interface EventSink {
    void publish(CloudEvent event);
  }

  /** Who this replica is, how long a claim holds, and what every close request carries. */
  public record Settings(String owner, Duration timeout, Path storageRoot,
      Map<Provider, Map<String, String>> businessUnits) {}

  private final PeriodStore store;
  private final PeriodCloser closer;
  private final Settings settings;
  private final EventSink events;
  private final Clock clock;
  private final ObjectMapper mapper;
  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "costfleet-period-close");
    t.setDaemon(true);
    return t;
  });

  public CloseCoordinator(PeriodStore store, PeriodCloser closer, Settings settings, EventSink events, Clock clock,
      ObjectMapper mapper) {
    this.store = Objects.requireNonNull(store, "store");
    this.closer = Objects.requireNonNull(closer, "closer");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.events = Objects.requireNonNull(events, "events");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  /** Closes the period (on the close thread) if its close is due and no replica holds it. */
  public void checkSoon(YearMonth period) {
    executor.submit(() -> tryClose(period));
  }

  /** Checks every period whose close is asked for and whose jobs are all done. */
  public void checkAll() {
    for (PeriodView v : store.periods()) {
      if (v.status() == PeriodStatus.CLOSING && v.allDone()) {
        checkSoon(v.period());
      }
    }
  }

  /** Claims and runs the close now, on the calling thread; empty if it was not due or held elsewhere. */
  public Optional<PeriodStatus> tryClose(YearMonth period) {
    try {
      Optional<PeriodStore.CloseClaim> claim = store.claimClose(period, settings.owner(), settings.timeout(),
          clock.instant());
      if (claim.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(run(claim.get()));
    } catch (RuntimeException e) {
      LOG.errorf(e, "close of period %s could not run; it is checked again on the next refresh", period);
      return Optional.empty();
    }
  }

  private PeriodStatus run(PeriodStore.CloseClaim claim) {
    List<ExtractionJob> jobs = store.jobs(claim.period()).stream().map(TrackedJob::job).toList();
    PeriodCloseRequest request = new PeriodCloseRequest(claim.period(), jobs, settings.storageRoot(),
        settings.businessUnits());
    Instant started = clock.instant();
    LOG.infof("closing period %s (%d jobs) on %s", claim.period(), jobs.size(), settings.owner());
    PeriodCloser.Result result;
    try {
      result = closer.close(request);
    } catch (Exception e) {
      result = new PeriodCloser.Failed(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    boolean closed = result instanceof PeriodCloser.Closed;
    String detail = closed ? ((PeriodCloser.Closed) result).summary() : ((PeriodCloser.Failed) result).reason();
    PeriodStatus status = closed ? PeriodStatus.CLOSED : PeriodStatus.FAILED;
    if (!store.finishClose(claim, status, detail, clock.instant())) {
      LOG.infof("close of period %s was asked for again while it ran; it will run again", claim.period());
      checkSoon(claim.period());
      return PeriodStatus.CLOSING;
    }
    if (closed) {
      LOG.infof("period %s closed in %d ms: %s", claim.period(),
          Duration.between(started, clock.instant()).toMillis(), detail);
      announce(claim.period(), jobs.size(), detail);
    } else {
      LOG.errorf("close of period %s failed: %s (ask for it again with POST /api/v1/periods/%s/close)",
          claim.period(), detail, claim.period());
    }
    return status;
  }

  private void announce(YearMonth period, int jobs, String summary) {
    ObjectNode data = mapper.createObjectNode().put("billingPeriod", period.toString()).put("jobs", jobs)
        .put("summary", summary);
    try {
      events.publish(CloudEvent.withId("period-closed-" + period + "-" + clock.millis(), "/costfleet/dispatcher",
          CloudEvent.PERIOD_CLOSED, period.toString(), data));
    } catch (RuntimeException e) {
      LOG.errorf(e, "period %s is closed but its period.closed event was not published", period);
    }
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
