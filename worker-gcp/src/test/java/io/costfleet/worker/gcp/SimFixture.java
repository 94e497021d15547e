package io.costfleet.worker.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.bigquery.BigQuery;
import io.costfleet.job.Dataset;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Provider;
import io.costfleet.job.Window;
import io.costfleet.model.CostRecord;
import io.costfleet.sim.GroundTruth;
import io.costfleet.source.Cursor;
import io.costfleet.source.NormalizeContext;
import io.costfleet.source.NormalizeResult;
import io.costfleet.source.Page;
import io.costfleet.source.RawRecord;
import io.costfleet.worker.gcp.sim.BigQuerySimulator;
import io.costfleet.worker.gcp.sim.BillingDataGenerator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The simulator, a real BigQuery client pointed at it, and helpers to drain jobs. */
final class SimFixture implements AutoCloseable {
  static final YearMonth PERIOD = YearMonth.of(2026, 10);
  final BigQuerySimulator sim;
  final GcpProperties properties;
  final BigQuery bigquery;
  final BigQueryExportSource source;
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  SimFixture(int pageSize) throws Exception {
    sim = BigQuerySimulator.start("127.0.0.1", 0, 42L, List.of(PERIOD));
    properties = properties(sim.baseUrl(), pageSize);
    bigquery = BigQueryClients.create(properties);
    source = new BigQueryExportSource(bigquery, properties, new GcpBillingNormalizer(), registry);
  }

  static GcpProperties properties(String host, int pageSize) {
    return new GcpProperties("costfleet-test", "US", host, "none", pageSize, 6, List.of(
        new GcpProperties.Account(BillingDataGenerator.STANDARD_ACCOUNT,
            BillingDataGenerator.tableId(BillingDataGenerator.STANDARD_ACCOUNT), true),
        new GcpProperties.Account(BillingDataGenerator.DETAILED_ACCOUNT,
            BillingDataGenerator.tableId(BillingDataGenerator.DETAILED_ACCOUNT), true),
        new GcpProperties.Account(BillingDataGenerator.BROKEN_ACCOUNT,
            BillingDataGenerator.tableId(BillingDataGenerator.BROKEN_ACCOUNT), true)));
  }

  static ExtractionJob job(String account, Window window, int generation) {
    return ExtractionJob.of(Provider.GCP, GcpBillingNormalizer.SOURCE, account, PERIOD, Dataset.USAGE, window, null, 5,
        generation, Instant.parse("2026-11-09T00:00:00Z"));
  }

  static ExtractionJob wholeMonth(String account) {
    return job(account, Window.of(PERIOD), 0);
  }

  /** A second worker: its own client and source over the same simulator. */
  record Worker(BigQueryExportSource source) implements AutoCloseable {
    List<CostRecord> normalize(ExtractionJob job, Page<JsonNode> page) {
      return SimFixture.normalize(source, job, page);
    }

    @Override
    public void close() {}
  }

  Worker anotherWorker() {
    return new Worker(new BigQueryExportSource(BigQueryClients.create(properties), properties, new GcpBillingNormalizer(),
        new SimpleMeterRegistry()));
  }

  List<CostRecord> normalize(ExtractionJob job, Page<JsonNode> page) {
    return normalize(source, job, page);
  }

  static List<CostRecord> normalize(BigQueryExportSource source, ExtractionJob job, Page<JsonNode> page) {
    List<CostRecord> out = new ArrayList<>();
    for (RawRecord<JsonNode> r : page.records()) {
      NormalizeResult result = source.normalizer().normalize(r, new NormalizeContext(job, null));
      if (result instanceof NormalizeResult.Rejected rejected) {
        throw new AssertionError(r.position() + " rejected: " + rejected.violations());
      }
      out.addAll(((NormalizeResult.Accepted) result).records());
    }
    return out;
  }

  /** Fetches every page of a job and normalizes it; fails on a rejected record. */
  List<CostRecord> drain(ExtractionJob job) {
    List<CostRecord> out = new ArrayList<>();
    Cursor cursor = Cursor.first();
    while (true) {
      Page<JsonNode> page = source.fetch(job, cursor);
      out.addAll(normalize(source, job, page));
      if (page.last()) {
        return out;
      }
      cursor = cursor.next(page.nextToken());
    }
  }

  /** One record per dedupe key, as the close keeps them. */
  static List<CostRecord> dedupe(List<CostRecord> records) {
    Map<String, CostRecord> byKey = new LinkedHashMap<>();
    records.forEach(r -> byKey.putIfAbsent(r.xSourceRecordHash(), r));
    return new ArrayList<>(byKey.values());
  }

  static BigDecimal billed(List<CostRecord> records) {
    return records.stream().map(CostRecord::billedCost).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  GroundTruth.Entry truth(String account) {
    return sim.truth().entries().stream()
        .filter(e -> e.account().equals(account) && e.period().equals(PERIOD.toString()))
        .findFirst().orElseThrow();
  }

  @Override
  public void close() {
    sim.close();
  }
}
