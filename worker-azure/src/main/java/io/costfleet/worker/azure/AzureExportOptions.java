package io.costfleet.worker.azure;

/**
 * Options of the export normalizer.
 *
 * @param sourceName      the {@code x_Source} of normalized records ({@code cost-export})
 * @param defaultCurrency the billing currency of files that have no currency column at all (null: none,
 *                        such rows are quarantined for lacking BillingCurrency)
 */
public record AzureExportOptions(String sourceName, String defaultCurrency) {
  public static final String SOURCE = "cost-export";

  public static AzureExportOptions defaults() {
    return new AzureExportOptions(SOURCE, null);
  }
}
