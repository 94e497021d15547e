package io.costfleet.worker.gcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryException;
import com.google.cloud.bigquery.FieldList;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.Job;
import com.google.cloud.bigquery.JobId;
import com.google.cloud.bigquery.JobInfo;
import com.google.cloud.bigquery.Schema;
import com.google.cloud.bigquery.Table;
import com.google.cloud.bigquery.TableId;
import com.google.cloud.bigquery.TableResult;
import io.costfleet.job.ExtractionJob;
import io.costfleet.source.CostSource;
import io.costfleet.source.Cursor;
import io.costfleet.source.Normalizer;
import io.costfleet.source.Page;
import io.costfleet.source.PermanentException;
import io.costfleet.source.RawRecord;
import io.costfleet.source.UnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The Cloud Billing export in BigQuery as a {@link CostSource}: one job is one billing account,
 * invoice month and usage window ({@link BillingExportQuery}).
 *
 * <p>The first page checks the export table's schema ({@code tables.get}; a missing required
 * column is a {@code SchemaException} naming it), starts the query job ({@code jobs.insert}) and
 * reads the first page of its results. The cursor token names the query job and the page token of
 * its next page ({@link BigQueryCursor}), so every later page, on any worker, reads the same
 * result set ({@code jobs.get}, {@code jobs.getQueryResults}, {@code tabledata.list}). If those
 * results are gone (BigQuery keeps them about a day), the query is run again and paging restarts
 * on the new result set; the rows staged before are the same export rows with the same keys, so
 * the close deduplicates them.
 *
 * <p>Failures are thrown as the typed exceptions of {@code shared/source}
 * ({@link BigQueryErrorTranslator}). The raw page archived for audit is the JSON of every column
 * of every row, known or not.
 */
public final class BigQueryExportSource implements CostSource<JsonNode> {
  private final BigQuery bigquery;
  private final GcpProperties properties;
  private final GcpBillingNormalizer normalizer;
  private final BigQueryErrorTranslator errors;
  private final BigQueryCallMetrics calls;
  private final ObjectMapper json = GcpExportRows.mapper();

  public BigQueryExportSource(BigQuery bigquery, GcpProperties properties, GcpBillingNormalizer normalizer,
      MeterRegistry registry) {
    this.bigquery = bigquery;
    this.properties = properties;
    this.normalizer = normalizer;
    this.errors = new BigQueryErrorTranslator(properties.rateLimitScope());
    this.calls = new BigQueryCallMetrics(registry, errors);
  }

  @Override
  public String name() {
    return GcpBillingNormalizer.SOURCE;
  }

  @Override
  public String rateLimitScope(ExtractionJob job) {
    return properties.rateLimitScope();
  }

  @Override
  public Normalizer<JsonNode> normalizer() {
    return normalizer;
  }

  /** The translator of this source's SDK failures (for the worker's {@code ErrorClassifier}). */
  public BigQueryErrorTranslator errors() {
    return errors;
  }

  @Override
  public Page<JsonNode> fetch(ExtractionJob job, Cursor cursor) {
    BillingExportTable table = properties.table(job.accountId());
    if (table == null) {
      throw new PermanentException("no export table is configured for billing account " + job.accountId()
          + " (costfleet.gcp.accounts[].id)");
    }
    try {
      Results results = cursor.token() == null ? start(table, job) : resume(table, job, BigQueryCursor.decode(cursor.token()));
      return page(table, cursor, results);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnavailableException("interrupted while reading BigQuery results", e);
    } catch (RuntimeException e) {
      RuntimeException typed = errors.apply(e);
      throw typed != null ? typed : e;
    }
  }

  private record Results(Job job, TableResult result) {}

  private Results start(BillingExportTable table, ExtractionJob job) throws InterruptedException {
    Table t = calls.call("tables.get", () -> bigquery.getTable(TableId.of(table.project(), table.dataset(), table.table())));
    if (t == null) {
      throw new PermanentException("billing export table " + table.id() + " of account " + job.accountId()
          + " does not exist or is not visible to this principal (costfleet.gcp.accounts[].table)");
    }
    Schema schema = t.getDefinition().getSchema();
    if (schema != null) {
      GcpExportColumns.requireAll(table.id(), BigQueryRows.columns(schema.getFields()));
    }
    JobId id = JobId.newBuilder()
        .setProject(properties.projectId())
        .setLocation(properties.location())
        .setJob("costfleet_" + job.jobId().replace('-', '_') + "_" + UUID.randomUUID().toString().replace("-", ""))
        .build();
    Job query = calls.call("jobs.insert", () -> bigquery.create(
        JobInfo.newBuilder(BillingExportQuery.of(table, job, properties.lateDays())).setJobId(id).build()));
    return new Results(query, calls.call("jobs.getQueryResults",
        () -> query.getQueryResults(BigQuery.QueryResultsOption.pageSize(properties.pageSize()))));
  }

  private Results resume(BillingExportTable table, ExtractionJob job, BigQueryCursor at) throws InterruptedException {
    JobId id = JobId.newBuilder().setProject(properties.projectId())
        .setLocation(at.location() != null ? at.location() : properties.location()).setJob(at.jobId()).build();
    Job query = calls.call("jobs.get", () -> bigquery.getJob(id));
    if (query == null) {
      return start(table, job);
    }
    try {
      return new Results(query, calls.call("jobs.getQueryResults", () -> query.getQueryResults(
          BigQuery.QueryResultsOption.pageToken(at.pageToken()), BigQuery.QueryResultsOption.pageSize(properties.pageSize()))));
    } catch (BigQueryException e) {
      if (e.getCode() == 404) {
        return start(table, job);
      }
      throw e;
    }
  }

  private Page<JsonNode> page(BillingExportTable table, Cursor cursor, Results results) {
    TableResult result = results.result();
    FieldList fields = result.getSchema() == null ? FieldList.of() : result.getSchema().getFields();
    if (result.getSchema() != null) {
      GcpExportColumns.requireAll(table.id(), BigQueryRows.columns(fields));
    }
    JobId jobId = results.job().getJobId();
    List<RawRecord<JsonNode>> records = new ArrayList<>();
    ArrayNode rawRows = json.createArrayNode();
    String prefix = "bq:" + table.id() + "/job=" + jobId.getJob() + "/page=" + cursor.page() + "/row=";
    int i = 0;
    for (FieldValueList row : result.getValues()) {
      ObjectNode value = BigQueryRows.toJson(row, fields);
      rawRows.add(value);
      records.add(new RawRecord<>(prefix + i++, value));
    }
    String next = result.hasNextPage() && result.getNextPageToken() != null
        ? new BigQueryCursor(jobId.getJob(), jobId.getLocation(), result.getNextPageToken()).encode()
        : null;
    ObjectNode raw = json.createObjectNode();
    raw.put("table", table.id()).put("job", jobId.getJob()).put("location", jobId.getLocation())
        .put("page", cursor.page()).put("pageToken", cursor.token() == null ? null : BigQueryCursor.decode(cursor.token()).pageToken())
        .put("totalRows", result.getTotalRows());
    raw.set("rows", rawRows);
    byte[] payload;
    try {
      payload = json.writeValueAsString(raw).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
    return new Page<>(records, payload, "json", next, Map.of(
        "bigquery.job", jobId.getJob(),
        "bigquery.table", table.id(),
        "bigquery.export", table.kind().name().toLowerCase(java.util.Locale.ROOT),
        "bigquery.totalRows", Long.toString(result.getTotalRows())));
  }
}
