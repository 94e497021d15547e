package io.costfleet.close;

import io.costfleet.runner.JobManifest;
import java.nio.file.Path;
import java.util.List;

/**
 * One job directory of the period's staging area: its partition (provider, account, dataset), its
 * Parquet pages, and its completion manifest (the runner's {@code _SUCCESS.json}; null when the job
 * wrote none).
 */
public record StagedJob(String provider, String account, String dataset, String jobId, Path dir, List<Path> pages,
    JobManifest marker) {

  public StagedJob {
    pages = List.copyOf(pages);
  }

  public int generation() {
    return marker == null ? 0 : marker.generation();
  }

  /** The partition path to re-extract, {@code provider=aws/billing_period=2026-10/account=1/dataset=usage}. */
  public String partition(java.time.YearMonth period) {
    return StagedInputs.partitionPath(provider, period, account, dataset);
  }
}
