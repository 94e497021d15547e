package io.costfleet.worker.gcp;

import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import io.costfleet.job.ExtractionJob;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The extraction query of one job: every row of the job's billing account and invoice month that
 * was exported in the job's window. The SQL text is fixed except for the validated table
 * identifier; every value is a named query parameter.
 *
 * <pre>
 * SELECT * FROM `project.dataset.table`
 * WHERE billing_account_id = @billing_account_id
 *   AND invoice.month = @invoice_month
 *   AND _PARTITIONTIME >= @partition_start AND _PARTITIONTIME < @partition_end
 *   AND export_time >= @export_start AND export_time < @export_end
 * </pre>
 *
 * <p><b>The window is in export days (UTC).</b> The export is append-only and ingestion-time
 * partitioned: rows for a month keep arriving for days after it ends, and taxes, adjustments and
 * late usage carry usage times far from the day they arrive. A window over {@code export_time}
 * therefore catches every row exactly once per window, a daily sync reads one partition, and a
 * re-sync is a window overlapping earlier ones (the overlap is deduplicated by key). A window edge
 * at or beyond its billing period's edge is open: the period's first window has no lower bound
 * on {@code export_time} and the last has no upper bound, so a whole-month job reads everything of
 * the invoice month exported so far. {@code _PARTITIONTIME} prunes the scan: from a day before the
 * window (or the period) to a day after an interior window's end, or {@code lateDays} after the
 * last window's end. {@code SELECT *} keeps columns costfleet does not know in the raw archive.
 */
public final class BillingExportQuery {
  static final String PARTITIONED = """
      SELECT * FROM %s
      WHERE billing_account_id = @billing_account_id
        AND invoice.month = @invoice_month
        AND _PARTITIONTIME >= @partition_start AND _PARTITIONTIME < @partition_end
        AND export_time >= @export_start AND export_time < @export_end""";
  static final String UNPARTITIONED = """
      SELECT * FROM %s
      WHERE billing_account_id = @billing_account_id
        AND invoice.month = @invoice_month
        AND export_time >= @export_start AND export_time < @export_end""";
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);
  static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
  static final Instant MAX = Instant.parse("9999-12-31T00:00:00Z");

  private BillingExportQuery() {}

  /** The query configuration of a job. */
  public static QueryJobConfiguration of(BillingExportTable table, ExtractionJob job, int lateDays) {
    Bounds b = bounds(job, lateDays);
    String sql = String.format(table.partitioned() ? PARTITIONED : UNPARTITIONED, table.sqlIdentifier());
    QueryJobConfiguration.Builder q = QueryJobConfiguration.newBuilder(sql)
        .setUseLegacySql(false)
        .setLabels(Map.of("app", "costfleet", "source", "bigquery-export"))
        .addNamedParameter("billing_account_id", QueryParameterValue.string(job.accountId()))
        .addNamedParameter("invoice_month", QueryParameterValue.string(invoiceMonth(job.billingPeriod())))
        .addNamedParameter("export_start", timestamp(b.exportStart()))
        .addNamedParameter("export_end", timestamp(b.exportEnd()));
    if (table.partitioned()) {
      q.addNamedParameter("partition_start", timestamp(b.partitionStart()))
          .addNamedParameter("partition_end", timestamp(b.partitionEnd()));
    }
    return q.build();
  }

  /** The parameter values of a job's query. */
  record Bounds(Instant exportStart, Instant exportEnd, Instant partitionStart, Instant partitionEnd) {}

  static Bounds bounds(ExtractionJob job, int lateDays) {
    YearMonth period = job.billingPeriod();
    LocalDate first = period.atDay(1);
    LocalDate next = period.plusMonths(1).atDay(1);
    LocalDate from = job.window().start();
    LocalDate to = job.window().end();
    boolean openStart = !from.isAfter(first);
    boolean openEnd = !to.isBefore(next);
    return new Bounds(
        openStart ? MIN : day(from),
        openEnd ? MAX : day(to),
        day((openStart ? first : from).minusDays(1)),
        day(openEnd ? to.plusDays(lateDays) : to.plusDays(1)));
  }

  static String invoiceMonth(YearMonth period) {
    return String.format("%04d%02d", period.getYear(), period.getMonthValue());
  }

  private static Instant day(LocalDate d) {
    return d.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  private static QueryParameterValue timestamp(Instant t) {
    return QueryParameterValue.timestamp(TIMESTAMP.format(t));
  }
}
