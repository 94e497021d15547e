package io.costfleet.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.WireCodec;
import io.costfleet.staging.AtomicFiles;
import io.costfleet.staging.PartitionKey;
import io.costfleet.staging.StagingLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The completion manifest of a job, {@code _SUCCESS.json} in its staging directory
 * ({@link StagingLayout#jobManifest}). The runner writes it (atomically) after the last page's
 * files are durable and before the cursor says DONE; a job directory without it is incomplete
 * (running, crashed, or superseded mid-way) and must not be read by the close.
 *
 * <p>Generations: a re-sync or restatement of the same {@code (provider, source, account, period,
 * dataset, window, part)} is enqueued with a higher {@code generation}, so it gets its own jobId
 * and directory. The close reads, per partition and per {@link #sliceKey()}, only the directory of
 * the highest generation that has a manifest ({@link #latestComplete}); older generations stay on
 * disk for audit until a retention sweep removes them.
 */
public record JobManifest(
    String jobId,
    String provider,
    String source,
    String accountId,
    String billingPeriod,
    String dataset,
    LocalDate windowStart,
    LocalDate windowEnd,
    String part,
    int generation,
    long pages,
    long rows,
    long quarantined,
    boolean estimated,
    String sourceVersion,
    Instant completedAt) {

  private static final ObjectMapper JSON = WireCodec.newMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public static JobManifest of(ExtractionJob job, long pages, long rows, long quarantined, boolean estimated,
      String sourceVersion, Instant completedAt) {
    return of(StagingTarget.of(job), pages, rows, quarantined, estimated, sourceVersion, completedAt);
  }

  public static JobManifest of(StagingTarget job, long pages, long rows, long quarantined, boolean estimated,
      String sourceVersion, Instant completedAt) {
    PartitionKey p = job.partition();
    return new JobManifest(job.jobId(), p.provider(), job.source(), p.account(), p.billingPeriod().toString(),
        p.dataset().code(), job.window().start(), job.window().end(), job.part(), job.generation(), pages, rows,
        quarantined, estimated, sourceVersion, completedAt);
  }

  /** What a generation supersedes: the same source, window and part of the same partition. */
  public String sliceKey() {
    return source + "|" + windowStart + "|" + windowEnd + "|" + (part == null ? "" : part);
  }

  /** Writes the manifest atomically. */
  public void write(Path target) throws IOException {
    AtomicFiles.writeBytes(target, JSON.writeValueAsBytes(this));
  }

  public static Optional<JobManifest> read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    return Optional.of(JSON.readValue(file.toFile(), JobManifest.class));
  }

  /**
   * The manifests of a partition the close must read: per slice, the highest complete generation.
   * Each manifest's directory is {@code layout.jobStagingDir(partition, manifest.jobId())}.
   */
  public static List<JobManifest> latestComplete(StagingLayout layout, PartitionKey partition) throws IOException {
    Path dir = layout.stagingRoot().resolve(partition.path());
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    Map<String, JobManifest> latest = new LinkedHashMap<>();
    try (Stream<Path> jobs = Files.list(dir)) {
      for (Path jobDir : jobs.sorted().toList()) {
        Optional<JobManifest> m = read(jobDir.resolve(StagingLayout.MANIFEST_NAME));
        m.ifPresent(found -> latest.merge(found.sliceKey(), found,
            (a, b) -> a.generation() >= b.generation() ? a : b));
      }
    }
    List<JobManifest> out = new ArrayList<>(latest.values());
    out.sort(Comparator.comparing(JobManifest::sliceKey));
    return out;
  }
}
