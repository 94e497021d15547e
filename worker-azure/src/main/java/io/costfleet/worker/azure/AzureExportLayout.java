package io.costfleet.worker.azure;

import io.costfleet.job.ExtractionJob;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Objects;

/**
 * Where the exports of an account are in the storage container: {@code rootFolder} (with
 * {@code {account}} replaced by the job's account id), then the export name of the job's dataset,
 * then Cost Management's {@code yyyyMMdd-yyyyMMdd} folder of the billing month, under which each run
 * has a folder with its {@code manifest.json}.
 *
 * @param container   the storage container
 * @param rootFolder  the export's root folder ({@code exports/{account}})
 * @param exportNames export name per dataset code ({@code usage}, {@code amortized}, {@code focus})
 */
public record AzureExportLayout(String container, String rootFolder, Map<String, String> exportNames) {
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  public AzureExportLayout {
    Objects.requireNonNull(container, "costfleet.azure.exports.container");
    Objects.requireNonNull(rootFolder, "costfleet.azure.exports.root-folder");
    exportNames = Map.copyOf(exportNames);
  }

  /** Container {@code costexports}, root {@code exports/{account}}, {@code actual-cost}, {@code amortized-cost}, {@code focus-cost}. */
  public static AzureExportLayout defaults() {
    return new AzureExportLayout("costexports", "exports/{account}",
        Map.of("usage", "actual-cost", "amortized", "amortized-cost", "focus", "focus-cost"));
  }

  /** The folder holding the runs of a job's export for its billing month, with a trailing slash. */
  public String monthFolder(ExtractionJob job) {
    String name = exportNames.get(job.dataset().code());
    if (name == null) {
      throw new IllegalArgumentException("no export name for dataset " + job.dataset().code()
          + " (costfleet.azure.exports.names." + job.dataset().code() + ")");
    }
    String root = rootFolder.replace("{account}", job.accountId()).replaceAll("/+$", "");
    return (root.isEmpty() ? "" : root + "/") + name + "/" + job.billingPeriod().atDay(1).format(DAY) + "-"
        + job.billingPeriod().atEndOfMonth().format(DAY) + "/";
  }
}
