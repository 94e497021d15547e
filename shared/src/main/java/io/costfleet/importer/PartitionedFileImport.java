package io.costfleet.importer;

import io.costfleet.job.Dataset;
import io.costfleet.model.CostRecord;
import io.costfleet.runner.JobManifest;
import io.costfleet.runner.PageStager;
import io.costfleet.runner.StagingTarget;
import io.costfleet.source.ExportFormat;
import io.costfleet.source.NormalizeContext;
import io.costfleet.source.NormalizeResult;
import io.costfleet.source.Normalizer;
import io.costfleet.source.Page;
import io.costfleet.source.RawRecord;
import io.costfleet.staging.PartitionKey;
import io.costfleet.staging.QuarantineWriter;
import io.costfleet.staging.StagingLayout;
import io.costfleet.validation.Violation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Imports one export file: normalizes each raw record once, routes it to the staging partition of
 * its canonical record (provider, billing period, billing account, dataset), and stages each
 * partition page by page through the workers' {@link PageStager} as one job per (file, partition):
 * {@code part} is the file's absolute path, generation 0, so re-importing the same file overwrites
 * its pages and never duplicates them. After the last page each job gets its completion manifest,
 * so {@code costfleet close} reads imported partitions like extracted ones.
 *
 * <p>The provider of a partition is the record's {@code x_Provider} code: {@code aws}, {@code gcp},
 * {@code azure} for the fleet's providers, and for any other provider of a FOCUS export the code the
 * FOCUS normalizer derives from its ProviderName ({@code oci}, {@code datadog}, …). A record whose
 * {@code x_Provider} cannot name a partition is quarantined ({@code UnsupportedProvider}).
 *
 * <p>A rejected raw record has no canonical record to say its partition: it is quarantined in the
 * partition of the accepted record before it (or after it, when it comes first); a file with no
 * accepted record at all quarantines its rows under {@code quarantine/unpartitioned/}.
 *
 * <p>Memory is bounded: at most {@code pageSize} raw records per open partition, and a few pages in
 * all (the largest buffer is flushed early).
 */
final class PartitionedFileImport<T> {
  private static final int MAX_BUFFERED_PAGES = 4;

  private final StagingLayout layout;
  private final PageStager stager;
  private final ImportSummary summary;
  private final ExportFormat format;
  private final Path file;
  private final ExportFormat.ExportFile<T> export;
  private final Dataset defaultDataset;
  private final int pageSize;
  private final Normalizer<Prenormalized<T>> passThrough;
  private final Map<PartitionKey, Slot<T>> slots = new LinkedHashMap<>();
  private final List<RawRecord<Prenormalized<T>>> pending = new ArrayList<>();
  private Slot<T> current;
  private int buffered;
  private int unpartitionedPages;

  /** One (file, partition) job and its page buffer. */
  private static final class Slot<T> {
    final StagingTarget job;
    final List<RawRecord<Prenormalized<T>>> buffer = new ArrayList<>();
    int pages;
    long staged;
    long quarantined;

    Slot(StagingTarget job) {
      this.job = job;
    }
  }

  PartitionedFileImport(StagingLayout layout, PageStager stager, ImportSummary summary, ExportFormat format, Path file,
      ExportFormat.ExportFile<T> export, Dataset defaultDataset, int pageSize) {
    this.layout = layout;
    this.stager = stager;
    this.summary = summary;
    this.format = format;
    this.file = file.toAbsolutePath().normalize();
    this.export = export;
    this.defaultDataset = defaultDataset;
    this.pageSize = pageSize;
    this.passThrough = Prenormalized.normalizer(export.normalizer());
  }

  /** Reads the whole file; {@code progress} is told every row read. */
  void run(Runnable progress) throws IOException {
    Normalizer<T> normalizer = export.normalizer();
    NormalizeContext context = new NormalizeContext(null, export.sourceVersion());
    for (RawRecord<T> raw : export) {
      summary.rowRead();
      progress.run();
      NormalizeResult result = PageStager.normalizeSafely(raw, normalizer, context);
      PartitionKey partition = null;
      if (result instanceof NormalizeResult.Accepted a && !a.records().isEmpty()) {
        CostRecord first = a.records().get(0);
        String provider = first.xProvider() != null ? first.xProvider() : format.provider();
        if (!PartitionKey.isProviderCode(provider)) {
          result = NormalizeResult.reject(List.of(Violation.of("x_Provider", "UnsupportedProvider",
              "'" + provider + "' cannot name a staging partition (a provider code is lower-case letters, digits"
                  + " and '-', at most 63)")));
        } else {
          partition = partition(provider, first);
        }
      }
      route(new RawRecord<>(raw.position(), new Prenormalized<>(raw.value(), result)), partition);
    }
    finish();
  }

  private void route(RawRecord<Prenormalized<T>> record, PartitionKey partition) throws IOException {
    Slot<T> slot = partition == null ? current : slots.computeIfAbsent(partition, this::newSlot);
    if (slot == null) {
      pending.add(record);
      if (pending.size() >= pageSize) {
        flushUnpartitioned();
      }
      return;
    }
    current = slot;
    if (!pending.isEmpty()) {
      slot.buffer.addAll(pending);
      buffered += pending.size();
      pending.clear();
    }
    slot.buffer.add(record);
    buffered++;
    if (slot.buffer.size() >= pageSize) {
      flush(slot);
    } else if (buffered >= pageSize * MAX_BUFFERED_PAGES) {
      flush(slots.values().stream().max((a, b) -> Integer.compare(a.buffer.size(), b.buffer.size())).orElseThrow());
    }
  }

  private void finish() throws IOException {
    for (Slot<T> slot : slots.values()) {
      if (!slot.buffer.isEmpty()) {
        flush(slot);
      }
    }
    if (!pending.isEmpty()) {
      flushUnpartitioned();
    }
    for (Slot<T> slot : slots.values()) {
      stager.removePagesAfter(slot.job, slot.pages);
      JobManifest.of(slot.job, slot.pages, slot.staged, slot.quarantined, false, export.sourceVersion(),
          Instant.now()).write(layout.jobManifest(slot.job.partition(), slot.job.jobId()));
    }
  }

  private void flush(Slot<T> slot) throws IOException {
    Page<Prenormalized<T>> page = new Page<>(slot.buffer, null, "csv", null, Map.of());
    slot.pages++;
    PageStager.Result r = stager.stage(slot.job, slot.pages, page, passThrough,
        new NormalizeContext(null, export.sourceVersion()));
    slot.staged += r.staged();
    slot.quarantined += r.quarantined();
    r.stagedRecords().forEach(summary::staged);
    summary.quarantined(r.quarantined());
    buffered -= slot.buffer.size();
    slot.buffer.clear();
  }

  /** Rejected rows of a file that has no accepted row to give them a partition. */
  private void flushUnpartitioned() throws IOException {
    List<QuarantineWriter.Entry> entries = new ArrayList<>(pending.size());
    for (RawRecord<Prenormalized<T>> r : pending) {
      List<Violation> violations = r.value().result() instanceof NormalizeResult.Rejected rejected
          ? rejected.violations()
          : List.of(Violation.of("record", "NoRecord", "the normalizer produced no record for this row"));
      entries.add(new QuarantineWriter.Entry(null, format.source(), r.position(), passThrough.rawText(r.value()),
          violations));
    }
    unpartitionedPages++;
    new QuarantineWriter().write(unpartitionedDir().resolve(StagingLayout.pageName(unpartitionedPages) + ".jsonl"),
        entries);
    summary.quarantined(entries.size());
    pending.clear();
  }

  /** {@code quarantine/unpartitioned/source=<s>/file=<name>-<hash of path>}. */
  Path unpartitionedDir() {
    return layout.quarantineRoot().resolve("unpartitioned").resolve("source=" + format.source())
        .resolve("file=" + file.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_") + "-" + shortHash(file));
  }

  private Slot<T> newSlot(PartitionKey p) {
    return new Slot<>(StagingTarget.imported(p, format.source(), file.toString(), 0));
  }

  private PartitionKey partition(String provider, CostRecord r) {
    if (r.billingPeriodStart() == null || r.billingAccountId() == null || r.billingAccountId().isBlank()) {
      return null;
    }
    Dataset dataset = defaultDataset;
    if (r.xDataset() != null) {
      try {
        dataset = Dataset.of(r.xDataset());
      } catch (IllegalArgumentException unknown) {
        // a format's own dataset name the partitions do not know: the import's default applies
      }
    }
    return new PartitionKey(provider, YearMonth.from(r.billingPeriodStart().atOffset(ZoneOffset.UTC)),
        r.billingAccountId(), dataset);
  }

  private static String shortHash(Path p) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(p.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
