package io.costfleet.runner;

import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Window;
import io.costfleet.staging.PartitionKey;
import java.util.Objects;

/**
 * Where and as what a job's pages are staged: its id, partition, source, window, part and
 * generation — what {@link PageStager} and {@link JobManifest} need of a job. An
 * {@link ExtractionJob} of the fleet is one ({@link #of(ExtractionJob)}); {@code costfleet import}
 * also stages FOCUS exports of providers the fleet does not extract, whose partitions carry their
 * own provider code ({@link #imported}).
 */
public record StagingTarget(String jobId, PartitionKey partition, String source, Window window, String part,
    int generation) {

  public StagingTarget {
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(source, "source");
    if (window == null) {
      window = Window.of(partition.billingPeriod());
    }
  }

  public static StagingTarget of(ExtractionJob job) {
    return new StagingTarget(job.jobId(), PartitionKey.of(job), job.source(), job.window(), job.part(),
        job.generation());
  }

  /**
   * The whole-period target of {@code part} (an imported file) in {@code partition}; its id is derived
   * like an extraction job's ({@link ExtractionJob#idOf(String, String, String, java.time.YearMonth,
   * io.costfleet.job.Dataset, Window, String, int)}), so for the fleet's providers it is the id the
   * same job would have.
   */
  public static StagingTarget imported(PartitionKey partition, String source, String part, int generation) {
    Window window = Window.of(partition.billingPeriod());
    String jobId = ExtractionJob.idOf(partition.provider(), source, partition.account(), partition.billingPeriod(),
        partition.dataset(), window, part, generation);
    return new StagingTarget(jobId, partition, source, window, part, generation);
  }
}
