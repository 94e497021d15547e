package io.costfleet.staging;

import io.costfleet.job.Dataset;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Provider;
import java.time.YearMonth;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A staging partition: provider, billing period, account, dataset.
 *
 * <p>{@code provider} is a provider code, not only the fleet's {@link Provider}s: the workers stage
 * under {@code aws}, {@code gcp} and {@code azure}, and {@code costfleet import} stages FOCUS exports
 * of any other provider under its own code ({@code oci}, {@code datadog}, …), which the close reads
 * like the others.
 */
public record PartitionKey(String provider, YearMonth billingPeriod, String account, Dataset dataset) {
  private static final Pattern PROVIDER_CODE = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  public PartitionKey {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(billingPeriod, "billingPeriod");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(dataset, "dataset");
    if (!isProviderCode(provider)) {
      throw new IllegalArgumentException("provider code '" + provider
          + "' is not lower-case letters, digits and '-' (at most 63)");
    }
  }

  /** A partition of one of the fleet's providers. */
  public PartitionKey(Provider provider, YearMonth billingPeriod, String account, Dataset dataset) {
    this(provider.code(), billingPeriod, account, dataset);
  }

  public static PartitionKey of(ExtractionJob job) {
    return new PartitionKey(job.provider(), job.billingPeriod(), job.accountId(), job.dataset());
  }

  /** Whether {@code code} can name a provider partition: {@code [a-z0-9][a-z0-9-]*}, at most 63 characters. */
  public static boolean isProviderCode(String code) {
    return code != null && PROVIDER_CODE.matcher(code).matches();
  }

  /** {@code provider=p/billing_period=YYYY-MM/account=id/dataset=d}, with unsafe characters escaped. */
  public String path() {
    return "provider=" + provider + "/billing_period=" + billingPeriod + "/account="
        + StagingLayout.safe(account) + "/dataset=" + dataset.code();
  }
}
