package io.costfleet.close;

import io.costfleet.close.allocation.AccountBusinessUnits;
import io.costfleet.close.allocation.DriverRegistry;
import io.costfleet.close.reconcile.ProviderTotals;
import io.costfleet.staging.StagingLayout;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How to close a period. Immutable; start from {@link #of} and adjust with the {@code with…} methods.
 *
 * @param layout             the storage root (staging in, chargeback and reports out)
 * @param rulesFile          the allocation rule file (YAML)
 * @param ratesFile          the rate table (CSV), or null when every cost is in the base currency
 * @param baseCurrency       the currency of the chargeback dataset (default USD; must match the rate table's)
 * @param providerTotals     where the providers' own totals come from; empty: reconciliation has nothing to compare
 * @param tolerance          the largest |gap| / provider total that passes (default 0.001 = 0.1%)
 * @param datasetPreference  per provider and account, the first staged dataset of this list is charged back
 *                           (default focus, amortized, usage); every dataset is reconciled
 * @param manifests          which job directories count (default {@link ManifestPolicy#REQUIRE})
 * @param drivers            the allocation drivers rule files may name
 * @param threads            DuckDB threads (default 2)
 * @param memoryLimit        DuckDB memory limit, spilling to {@code workDir} beyond it (default 2GB)
 * @param workDir            DuckDB spill directory, or null for a temporary one
 * @param accountBusinessUnits business-unit hints per provider and account: where cost no rule places goes
 *                           instead of the unallocated cost center (default none; see {@link AccountBusinessUnits})
 */
public record CloseOptions(StagingLayout layout, Path rulesFile, Path ratesFile, String baseCurrency,
    List<ProviderTotals> providerTotals, BigDecimal tolerance, List<String> datasetPreference, ManifestPolicy manifests,
    DriverRegistry drivers, int threads, String memoryLimit, Path workDir, AccountBusinessUnits accountBusinessUnits) {

  public static final BigDecimal DEFAULT_TOLERANCE = new BigDecimal("0.001");

  public CloseOptions {
    Objects.requireNonNull(layout, "layout");
    Objects.requireNonNull(rulesFile, "rulesFile");
    baseCurrency = baseCurrency == null ? "USD" : baseCurrency;
    providerTotals = providerTotals == null ? List.of() : List.copyOf(providerTotals);
    tolerance = tolerance == null ? DEFAULT_TOLERANCE : tolerance;
    datasetPreference = datasetPreference == null || datasetPreference.isEmpty() ? List.of("focus", "amortized", "usage")
        : List.copyOf(datasetPreference);
    manifests = manifests == null ? ManifestPolicy.REQUIRE : manifests;
    drivers = drivers == null ? DriverRegistry.builtins() : drivers;
    threads = threads <= 0 ? 2 : threads;
    memoryLimit = memoryLimit == null ? "2GB" : memoryLimit;
    accountBusinessUnits = accountBusinessUnits == null ? AccountBusinessUnits.NONE : accountBusinessUnits;
  }

  public static CloseOptions of(Path storageRoot, Path rulesFile) {
    return new CloseOptions(new StagingLayout(storageRoot), rulesFile, null, null, null, null, null, null, null, 0, null,
        null, null);
  }

  public CloseOptions withRates(Path file) {
    return new CloseOptions(layout, rulesFile, file, baseCurrency, providerTotals, tolerance, datasetPreference, manifests,
        drivers, threads, memoryLimit, workDir, accountBusinessUnits);
  }

  public CloseOptions withBaseCurrency(String currency) {
    return new CloseOptions(layout, rulesFile, ratesFile, currency, providerTotals, tolerance, datasetPreference, manifests,
        drivers, threads, memoryLimit, workDir, accountBusinessUnits);
  }

  public CloseOptions withProviderTotals(List<ProviderTotals> totals) {
    return new CloseOptions(layout, rulesFile, ratesFile, baseCurrency, totals, tolerance, datasetPreference, manifests,
        drivers, threads, memoryLimit, workDir, accountBusinessUnits);
  }

  public CloseOptions withTolerance(BigDecimal t) {
    return new CloseOptions(layout, rulesFile, ratesFile, baseCurrency, providerTotals, t, datasetPreference, manifests,
        drivers, threads, memoryLimit, workDir, accountBusinessUnits);
  }

  public CloseOptions withDatasetPreference(List<String> preference) {
    return new CloseOptions(layout, rulesFile, ratesFile, baseCurrency, providerTotals, tolerance, preference, manifests,
        drivers, threads, memoryLimit, workDir, accountBusinessUnits);
  }

  public CloseOptions withManifests(ManifestPolicy policy) {
    return new CloseOptions(layout, rulesFile, ratesFile, baseCurrency, providerTotals, tolerance, datasetPreference, policy,
        drivers, threads, memoryLimit, workDir, accountBusinessUnits);
  }

  public CloseOptions withDrivers(DriverRegistry registry) {
    return new CloseOptions(layout, rulesFile, ratesFile, baseCurrency, providerTotals, tolerance, datasetPreference, manifests,
        registry, threads, memoryLimit, workDir, accountBusinessUnits);
  }

  /** Business-unit hints: provider code → account id → business unit (see {@link AccountBusinessUnits}). */
  public CloseOptions withAccountBusinessUnits(java.util.Map<String, java.util.Map<String, String>> hints) {
    return new CloseOptions(layout, rulesFile, ratesFile, baseCurrency, providerTotals, tolerance, datasetPreference, manifests,
        drivers, threads, memoryLimit, workDir, new AccountBusinessUnits(hints));
  }

  public CloseOptions withEngine(int duckThreads, String duckMemoryLimit, Path spillDir) {
    return new CloseOptions(layout, rulesFile, ratesFile, baseCurrency, providerTotals, tolerance, datasetPreference, manifests,
        drivers, duckThreads, duckMemoryLimit, spillDir, accountBusinessUnits);
  }
}
