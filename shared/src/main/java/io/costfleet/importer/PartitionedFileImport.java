package io.costfleet.importer;

import io.costfleet.job.Dataset;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Priority;
import io.costfleet.job.Provider;
import io.costfleet.model.CostRecord;
import io.costfleet.runner.JobManifest;
import io.costfleet.runner.PageStager;
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
  private final Instant requestedAt;
  private Slot<T> current;
  private int buffered;
  private int unpartitionedPages;

  /** One (file, partition) job and its page buffer. */
  private static final class Slot<T> {
    final ExtractionJob job;
    final List<RawRecord<Prenormalized<T>>> buffer = new ArrayList<>();
    int pages;
    long staged;
    long quarantined;

    Slot(ExtractionJob job) {
      this.job = job;
    }
  }

  PartitionedFileImport(StagingLayout layout, PageStager stager, ImportSummary summary, ExportFormat format, Path file,
      ExportFormat.ExportFile<T> export, Dataset defaultDataset, int pageSize, Instant requestedAt) {
    this.layout = layout;
    this.stager = stager;
    this.summary = summary;
    this.format = format;
    this.file = file.toAbsolutePath().normalize();
    this.export = export;
    this.defaultDataset = defaultDataset;
    this.pageSize = pageSize;
    this.requestedAt = requestedAt;
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
        Provider provider = provider(first);
        if (provider == null) {
          result = NormalizeResult.reject(List.of(Violation.of("ProviderName", "UnsupportedProvider",
              "costfleet stages AWS, Google Cloud and Microsoft data; this row's provider is '"
                  + (first.xProvider() != null ? first.xProvider() : first.providerName()) + "'")));
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
          Instant.now()).write(layout.jobManifest(PartitionKey.of(slot.job), slot.job.jobId()));
    }
  }

  private void flush(Slot<T> slot) throws IOException {
    Page<Prenormalized<T>> page = new Page<>(slot.buffer, null, "csv", null, Map.of());
    slot.pages++;
    PageStager.Result r = stager.stage(slot.job, slot.pages, page, passThrough,
        new NormalizeContext(slot.job, export.sourceVersion()));
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
    return new Slot<>(ExtractionJob.of(p.provider(), format.source(), p.account(), p.billingPeriod(), p.dataset(),
        null, file.toString(), Priority.BACKFILL, 0, requestedAt));
  }

  private Provider provider(CostRecord r) {
    Provider p = providerOf(r.xProvider());
    return p != null ? p : providerOf(format.provider());
  }

  private PartitionKey partition(Provider provider, CostRecord r) {
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

  private static Provider providerOf(String code) {
    if (code == null) {
      return null;
    }
    try {
      return Provider.of(code);
    } catch (IllegalArgumentException e) {
      return null;
    }
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
