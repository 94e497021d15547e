package io.costfleet.close;

import io.costfleet.job.Dataset;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Provider;
import io.costfleet.job.Window;
import io.costfleet.model.CostRecord;
import io.costfleet.model.DedupeKey;
import io.costfleet.runner.JobManifest;
import io.costfleet.staging.ParquetRecordWriter;
import io.costfleet.staging.PartitionKey;
import io.costfleet.staging.StagingLayout;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Writes a period's staging area the way the runner does: job directories of Parquet pages, optionally a marker. */
final class StagedPeriod {
  final StagingLayout layout;
  final YearMonth period;

  StagedPeriod(Path root, YearMonth period) {
    this.layout = new StagingLayout(root);
    this.period = period;
  }

  Job job(String provider, String source, String account, String dataset, int generation) {
    ExtractionJob j = ExtractionJob.of(Provider.of(provider), source, account, period, Dataset.of(dataset),
        Window.of(period), null, 9, generation, Instant.parse("2026-11-02T00:00:00Z"));
    return new Job(j);
  }

  final class Job {
    final ExtractionJob job;
    private int pages;
    private long rows;

    Job(ExtractionJob job) {
      this.job = job;
    }

    Job page(List<CostRecord> records) throws IOException {
      pages++;
      rows += records.size();
      Path file = layout.stagingPage(PartitionKey.of(job), job.jobId(), pages);
      ParquetRecordWriter.writeAtomically(file, records.stream().map(r -> r.toBuilder().xIngestionJobId(job.jobId()).build())
          .toList(), Map.of());
      return this;
    }

    /** The runner's completion manifest ({@code _SUCCESS.json}). */
    Job complete() throws IOException {
      return complete(rows);
    }

    Job complete(long claimedRows) throws IOException {
      JobManifest.of(job, pages, claimedRows, 0, false, null, Instant.parse("2026-11-02T01:00:00Z"))
          .write(layout.jobManifest(PartitionKey.of(job), job.jobId()));
      return this;
    }
  }

  /** A conformant FOCUS line of a provider; {@code id} makes the dedupe key. */
  static CostRecord.Builder line(String provider, String account, String subAccount, String id, String day, String billed,
      String effective) {
    Provider p = Provider.of(provider);
    String issuer = p.focusName();
    Instant start = LocalDate.parse(day).atStartOfDay().toInstant(ZoneOffset.UTC);
    YearMonth ym = YearMonth.from(LocalDate.parse(day));
    return CostRecord.builder()
        .billedCost(new BigDecimal(billed)).effectiveCost(new BigDecimal(effective))
        .listCost(new BigDecimal(billed)).contractedCost(new BigDecimal(billed))
        .pricingQuantity(new BigDecimal("24")).pricingUnit("Hours").pricingCategory("Standard")
        .consumedQuantity(new BigDecimal("24")).consumedUnit("Hours").chargeFrequency("Usage-Based")
        .billingPeriodStart(ym.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC))
        .billingPeriodEnd(ym.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC))
        .chargePeriodStart(start).chargePeriodEnd(start.plusSeconds(86_400))
        .billingAccountId(account).billingAccountName(account + " billing")
        .billingCurrency("USD").chargeCategory("Usage").chargeDescription("line " + id)
        .invoiceIssuerName(issuer).providerName(issuer).publisherName(issuer)
        .serviceCategory("Compute").serviceName("Compute service")
        .subAccountId(subAccount).subAccountName(subAccount == null ? null : subAccount + " name")
        .regionId("region-1").regionName("Region One").resourceId("res-" + id).resourceName("res " + id)
        .skuId("sku-" + id).skuPriceId("price-" + id)
        .xProvider(p.code()).xSource(provider.equals("aws") ? "cur" : provider.equals("gcp") ? "bigquery" : "exports")
        .xDataset("usage").xSourceVersion("1")
        .xSourceRecordHash(DedupeKey.ofLineItem(p.code(), account, subAccount, id).hash());
  }
}
