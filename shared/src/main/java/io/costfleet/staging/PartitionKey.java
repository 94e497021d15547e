package io.costfleet.staging;

import io.costfleet.job.Dataset;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Provider;
import java.time.YearMonth;

/** A staging partition: provider, billing period, account, dataset. */
public record PartitionKey(Provider provider, YearMonth billingPeriod, String account, Dataset dataset) {

  public static PartitionKey of(ExtractionJob job) {
    return new PartitionKey(job.provider(), job.billingPeriod(), job.accountId(), job.dataset());
  }

  /** {@code provider=p/billing_period=YYYY-MM/account=id/dataset=d}, with unsafe characters escaped. */
  public String path() {
    return "provider=" + provider.code() + "/billing_period=" + billingPeriod + "/account="
        + StagingLayout.safe(account) + "/dataset=" + dataset.code();
  }
}
