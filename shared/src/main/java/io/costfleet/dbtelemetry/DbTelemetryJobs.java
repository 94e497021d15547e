package io.costfleet.dbtelemetry;

import io.costfleet.job.Dataset;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Window;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The shape of a {@code db-telemetry} job, for whoever schedules sampling: provider = the
 * endpoint's, source {@value DbTelemetrySource#NAME}, accountId = the endpoint's name, the billing
 * period and one-day window of the sample slot, dataset {@code usage}, and part
 * {@code sample-<slot>}, so each slot is its own job (enqueuing a slot twice is a no-op).
 */
public final class DbTelemetryJobs {
  private static final DateTimeFormatter SLOT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
      .withZone(ZoneOffset.UTC);

  private DbTelemetryJobs() {}

  public static ExtractionJob sampleJob(DbEndpoint endpoint, Instant slot, int priority, Instant requestedAt) {
    LocalDate day = LocalDate.ofInstant(slot, ZoneOffset.UTC);
    return ExtractionJob.of(endpoint.provider(), DbTelemetrySource.NAME, endpoint.name(), YearMonth.from(day),
        Dataset.USAGE, new Window(day, day.plusDays(1)), "sample-" + SLOT.format(slot), priority, 0, requestedAt);
  }
}
