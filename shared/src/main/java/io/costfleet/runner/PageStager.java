package io.costfleet.runner;

import io.costfleet.job.ExtractionJob;
import io.costfleet.model.CostRecord;
import io.costfleet.source.NormalizeContext;
import io.costfleet.source.NormalizeResult;
import io.costfleet.source.Normalizer;
import io.costfleet.source.Page;
import io.costfleet.source.RawRecord;
import io.costfleet.staging.ParquetRecordWriter;
import io.costfleet.staging.PartitionKey;
import io.costfleet.staging.QuarantineWriter;
import io.costfleet.staging.RawArchive;
import io.costfleet.staging.StagingLayout;
import io.costfleet.validation.FocusVersion;
import io.costfleet.validation.RecordValidator;
import io.costfleet.validation.Violation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Turns one fetched page into durable files: the raw payload (gz, for audit), the valid records in
 * the page's staging Parquet file, the rejected raw records in its quarantine file. Every name is
 * deterministic (job + page number), so a replayed page overwrites its files, never duplicates them.
 * A raw record is staged whole or quarantined whole: if any of its canonical records is invalid,
 * none of them is staged.
 *
 * <p>Public for {@code costfleet import}, which stages local export files page by page through the
 * same code as the workers.
 */
public final class PageStager {
  /**
   * What a page became.
   *
   * @param staged         canonical records written to the staging file
   * @param quarantined    raw records written to the quarantine file
   * @param stagedRecords  the records staged (as written), for callers that total them
   */
  public record Result(long staged, long quarantined, List<CostRecord> stagedRecords) {
    public Result {
      stagedRecords = List.copyOf(stagedRecords);
    }
  }

  private final StagingLayout layout;
  private final RecordValidator validator;
  private final FocusVersion version;
  private final QuarantineWriter quarantine = new QuarantineWriter();

  public PageStager(StagingLayout layout, RecordValidator validator) {
    this(layout, validator, FocusVersion.V1_2);
  }

  /**
   * A stager that checks records against the requirements of {@code version} (an imported FOCUS 0.5
   * export is held to FOCUS 0.5's rules; everything costfleet normalizes itself to 1.2's).
   */
  public PageStager(StagingLayout layout, RecordValidator validator, FocusVersion version) {
    this.layout = layout;
    this.validator = validator;
    this.version = version;
  }

  /** Writes the page's files under the job's partition; returns what was staged and quarantined. */
  public <T> Result stage(ExtractionJob job, int pageNumber, Page<T> page, Normalizer<T> normalizer,
      NormalizeContext context) throws IOException {
    return stage(StagingTarget.of(job), pageNumber, page, normalizer, context);
  }

  /** As {@link #stage(ExtractionJob, int, Page, Normalizer, NormalizeContext)}, for any staging target. */
  public <T> Result stage(StagingTarget job, int pageNumber, Page<T> page, Normalizer<T> normalizer,
      NormalizeContext context) throws IOException {
    PartitionKey partition = job.partition();
    if (page.rawPayload().length > 0) {
      RawArchive.write(layout.rawPage(partition, job.jobId(), pageNumber, page.rawFormat()), page.rawPayload());
    }
    List<CostRecord> valid = new ArrayList<>(page.records().size());
    List<QuarantineWriter.Entry> rejected = new ArrayList<>();
    for (RawRecord<T> raw : page.records()) {
      List<Violation> violations = new ArrayList<>();
      List<CostRecord> accepted = normalize(raw, normalizer, context, violations);
      List<CostRecord> stamped = new ArrayList<>(accepted.size());
      for (CostRecord r : accepted) {
        CostRecord s = stamp(r, job, raw, context);
        violations.addAll(validator.validate(s, version));
        stamped.add(s);
      }
      if (violations.isEmpty()) {
        valid.addAll(stamped);
      } else {
        rejected.add(new QuarantineWriter.Entry(job.jobId(), job.source(), raw.position(), rawText(normalizer, raw),
            violations));
      }
    }
    Path stagingFile = layout.stagingPage(partition, job.jobId(), pageNumber);
    if (valid.isEmpty()) {
      Files.deleteIfExists(stagingFile);
    } else {
      ParquetRecordWriter.writeAtomically(stagingFile, valid, Map.of(
          "costfleet.job", job.jobId(), "costfleet.page", Integer.toString(pageNumber),
          "costfleet.generation", Integer.toString(job.generation()), "costfleet.source", job.source()));
    }
    Path quarantineFile = layout.quarantinePage(partition, job.jobId(), pageNumber);
    if (rejected.isEmpty()) {
      Files.deleteIfExists(quarantineFile);
    } else {
      quarantine.write(quarantineFile, rejected);
    }
    return new Result(valid.size(), rejected.size(), valid);
  }

  /**
   * Removes the files of pages after {@code lastPage} that an earlier run of the same job left
   * (a replay whose source now has fewer pages), so the job directory holds exactly this run's pages.
   */
  public void removePagesAfter(ExtractionJob job, int lastPage) throws IOException {
    removePagesAfter(StagingTarget.of(job), lastPage);
  }

  /** As {@link #removePagesAfter(ExtractionJob, int)}, for any staging target. */
  public void removePagesAfter(StagingTarget job, int lastPage) throws IOException {
    PartitionKey partition = job.partition();
    for (Path dir : List.of(layout.jobStagingDir(partition, job.jobId()),
        layout.rawPage(partition, job.jobId(), 1, "x").getParent(),
        layout.quarantinePage(partition, job.jobId(), 1).getParent())) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.toList()) {
          int n = pageNumber(f.getFileName().toString());
          if (n > lastPage) {
            Files.deleteIfExists(f);
          }
        }
      }
    }
  }

  private static int pageNumber(String fileName) {
    if (!fileName.startsWith("page-") || fileName.length() < 11) {
      return -1;
    }
    try {
      return Integer.parseInt(fileName.substring(5, 11));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Runs the normalizer on one raw record. A normalizer must report violations, not throw; a record
   * that makes it throw is rejected with the error (violation code {@code NormalizerFailure}).
   */
  public static <T> NormalizeResult normalizeSafely(RawRecord<T> raw, Normalizer<T> normalizer,
      NormalizeContext context) {
    try {
      return normalizer.normalize(raw, context);
    } catch (RuntimeException e) {
      return NormalizeResult.reject(List.of(new Violation("record", "NormalizerFailure",
          e.getClass().getName() + ": " + e.getMessage(), null)));
    }
  }

  private static <T> List<CostRecord> normalize(RawRecord<T> raw, Normalizer<T> normalizer, NormalizeContext context,
      List<Violation> violations) {
    NormalizeResult result = normalizeSafely(raw, normalizer, context);
    if (result instanceof NormalizeResult.Accepted a) {
      return a.records();
    }
    violations.addAll(((NormalizeResult.Rejected) result).violations());
    return List.of();
  }

  private static CostRecord stamp(CostRecord r, StagingTarget job, RawRecord<?> raw, NormalizeContext context) {
    CostRecord.Builder b = r.toBuilder().xIngestionJobId(job.jobId());
    if (r.xSourcePosition() == null) {
      b.xSourcePosition(raw.position());
    }
    if (r.xProvider() == null) {
      b.xProvider(job.partition().provider());
    }
    if (r.xSource() == null) {
      b.xSource(job.source());
    }
    if (r.xDataset() == null) {
      b.xDataset(job.partition().dataset().code());
    }
    if (r.xSourceVersion() == null) {
      b.xSourceVersion(context.sourceVersion());
    }
    return b.build();
  }

  private static <T> String rawText(Normalizer<T> normalizer, RawRecord<T> raw) {
    try {
      return normalizer.rawText(raw.value());
    } catch (RuntimeException e) {
      return String.valueOf(raw.value());
    }
  }
}
