package io.costfleet.dbtelemetry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.WireCodec;
import io.costfleet.runner.ExtractionRunner;
import io.costfleet.source.CostSource;
import io.costfleet.source.Cursor;
import io.costfleet.source.NormalizeContext;
import io.costfleet.source.NormalizeResult;
import io.costfleet.source.Normalizer;
import io.costfleet.source.Page;
import io.costfleet.source.PermanentException;
import io.costfleet.source.RawRecord;
import io.costfleet.source.UnavailableException;
import io.costfleet.state.JobLeases;
import io.costfleet.state.Lease;
import io.costfleet.state.LeaseBusyException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Job source {@value #NAME}: samples one database endpoint's system views (the job's
 * {@code accountId} names the endpoint) and stores the sample with its deltas in the
 * {@link TelemetryStore}. It runs in the shared runner like a billing source (lease, cursor,
 * rate-limit scope {@value #NAME}, one circuit per endpoint, retries, dead-letter queue), with one
 * difference: it stages no
 * cost records. A job is one page: the sample is written (atomically) inside {@link #fetch}, before
 * the runner commits the cursor, and the page carries no records, only the sample's summary as the
 * raw payload the runner archives for audit.
 *
 * <p>Deltas are taken against the endpoint's latest stored sample, so only one sampler may work on
 * an endpoint at a time: {@link #fetch} holds the lease {@code db-telemetry:<endpoint>} (in Redis in a
 * fleet) while it reads and writes; a second sampler gets a transient {@link LeaseBusyException}
 * and is retried later.
 */
public final class DbTelemetrySource implements CostSource<UsageRow> {
  public static final String NAME = "db-telemetry";

  private static final ObjectMapper JSON = WireCodec.newMapper();

  private final DbTelemetryConfig config;
  private final TelemetryStore store;
  private final JobLeases locks;
  private final String owner;
  private final Clock clock;
  private final JdbcConnector connector;

  public DbTelemetrySource(DbTelemetryConfig config, TelemetryStore store, JobLeases locks, String owner, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.store = Objects.requireNonNull(store, "store");
    this.locks = Objects.requireNonNull(locks, "locks");
    this.owner = Objects.requireNonNull(owner, "owner");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.connector = new JdbcConnector(config.connectTimeout(), config.queryTimeout());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String rateLimitScope(ExtractionJob job) {
    return NAME;
  }

  /** One circuit per endpoint: a database that is down opens its own circuit, not its neighbours'. */
  @Override
  public String circuit(ExtractionJob job) {
    return NAME + ":" + job.accountId();
  }

  @Override
  public Page<UsageRow> fetch(ExtractionJob job, Cursor cursor) {
    DbEndpoint endpoint = config.endpoint(job.accountId()).orElseThrow(() -> new PermanentException(
        "db-telemetry job " + job.jobId() + " names endpoint '" + job.accountId() + "', which is not in "
            + DbTelemetryConfig.PREFIX + "endpoints of this worker"));
    if (endpoint.provider() != job.provider()) {
      throw new PermanentException("db-telemetry endpoint '" + endpoint.name() + "' is billed by "
          + endpoint.provider().code() + ", but its job " + job.jobId() + " is for " + job.provider().code());
    }
    Sample sample = sampleNow(endpoint);
    Path file = store.file(sample.endpoint(), sample.sampledAt());
    byte[] summary;
    try {
      summary = JSON.writeValueAsBytes(SampleSummary.of(sample, store.root().relativize(file).toString()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode the sample summary", e);
    }
    return new Page<>(List.of(), summary, "json", null,
        Map.of(ExtractionRunner.META_SOURCE_VERSION, file.getFileName().toString()));
  }

  /**
   * Reads the endpoint now, takes the deltas against its latest stored sample and stores the new one.
   * Holds the endpoint's lease throughout.
   */
  public Sample sampleNow(DbEndpoint endpoint) {
    String lockName = NAME + ":" + endpoint.name();
    Lease lease = locks.tryAcquire(lockName, owner, config.lockTtl())
        .orElseThrow(() -> new LeaseBusyException(lockName, Duration.ofSeconds(5)));
    try {
      Optional<Sample> previous = store.latest(endpoint.name());
      Reading reading = sampler(endpoint.engine()).read(endpoint, connector, clock.instant());
      Sample sample = DeltaCalculator.apply(reading, previous);
      if (!locks.isCurrent(lease)) {
        throw new UnavailableException("db-telemetry endpoint " + endpoint.name() + ": sampling outlasted its lease ("
            + config.lockTtl() + "); the sample is discarded and taken again", null);
      }
      store.write(sample);
      return sample;
    } catch (IOException | UncheckedIOException e) {
      throw new UnavailableException("db-telemetry endpoint " + endpoint.name() + ": telemetry store: "
          + e.getMessage(), e);
    } finally {
      locks.release(lease);
    }
  }

  private static EngineSampler sampler(DbEngine engine) {
    return engine == DbEngine.POSTGRESQL ? new PostgresSampler() : new MySqlSampler();
  }

  /** Never called: pages of this source carry no records. */
  @Override
  public Normalizer<UsageRow> normalizer() {
    return new Normalizer<>() {
      @Override
      public NormalizeResult normalize(RawRecord<UsageRow> raw, NormalizeContext context) {
        return new NormalizeResult.Accepted(List.of());
      }

      @Override
      public String rawText(UsageRow raw) {
        return String.valueOf(raw);
      }
    };
  }
}
