package io.costfleet.degrade;

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

/** Stages an account's records the way the runner does (Parquet pages, then the completion manifest). */
public final class StagedSpend {
  public final StagingLayout layout;

  public StagedSpend(Path root) {
    this.layout = new StagingLayout(root);
  }

  /** Stages {@code records} as one job of generation {@code generation}, completed at {@code completedAt}. */
  public ExtractionJob job(Provider provider, String account, YearMonth period, Dataset dataset, int generation,
      Instant completedAt, List<CostRecord> records) throws IOException {
    ExtractionJob job = ExtractionJob.of(provider, "test-source", account, period, dataset, Window.of(period), null, 5,
        generation, completedAt);
    if (!records.isEmpty()) {
      ParquetRecordWriter.writeAtomically(layout.stagingPage(PartitionKey.of(job), job.jobId(), 1), records.stream()
          .map(r -> r.toBuilder().xIngestionJobId(job.jobId()).build()).toList(), Map.of());
    }
    JobManifest.of(job, records.isEmpty() ? 0 : 1, records.size(), 0, false, "g" + generation, completedAt)
        .write(layout.jobManifest(PartitionKey.of(job), job.jobId()));
    return job;
  }

  /**
   * A usage line of {@code provider}'s {@code account} on {@code day}: {@code cost} EffectiveCost for
   * {@code quantity} Hours of {@code service}, tagged {@code cost_center=<costCenter>} (untagged when null);
   * {@code id} makes its dedupe key.
   */
  public static CostRecord.Builder usage(Provider provider, String account, String id, String day, String service,
      String cost, String quantity, String costCenter) {
    Instant start = LocalDate.parse(day).atStartOfDay().toInstant(ZoneOffset.UTC);
    YearMonth ym = YearMonth.from(LocalDate.parse(day));
    CostRecord.Builder b = CostRecord.builder()
        .billedCost(new BigDecimal(cost)).effectiveCost(new BigDecimal(cost))
        .listCost(new BigDecimal(cost)).contractedCost(new BigDecimal(cost))
        .pricingQuantity(new BigDecimal(quantity)).pricingUnit("Hours")
        .billingPeriodStart(ym.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC))
        .billingPeriodEnd(ym.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC))
        .chargePeriodStart(start).chargePeriodEnd(start.plusSeconds(86_400))
        .billingAccountId(account).billingAccountName(account + " billing")
        .billingCurrency("USD").chargeCategory("Usage").chargeDescription("line " + id)
        .invoiceIssuerName(provider.focusName()).providerName(provider.focusName()).publisherName(provider.focusName())
        .serviceCategory("Compute").serviceName(service)
        .subAccountId(account).resourceId("res-" + id)
        .xProvider(provider.code()).xSource("test-source").xDataset("usage").xSourceVersion("1")
        .xSourceRecordHash(DedupeKey.ofLineItem(provider.code(), account, account, id).hash());
    if (costCenter != null) {
      b.tag("cost_center", costCenter);
    }
    return b;
  }
}
