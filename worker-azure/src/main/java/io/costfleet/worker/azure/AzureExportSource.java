package io.costfleet.worker.azure;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import io.costfleet.job.ExtractionJob;
import io.costfleet.runner.ExtractionRunner;
import io.costfleet.source.CostSource;
import io.costfleet.source.Cursor;
import io.costfleet.source.MalformedPayloadException;
import io.costfleet.source.Normalizer;
import io.costfleet.source.Page;
import io.costfleet.source.PermanentException;
import io.costfleet.source.RawRecord;
import io.costfleet.source.UnavailableException;
import io.costfleet.source.csv.CsvReader;
import io.costfleet.source.csv.CsvRow;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Cost Management exports in a storage container as a {@link CostSource}: a job reads the latest
 * run of its account's export for its dataset and billing month, found through the run's
 * {@code manifest.json} ({@link AzureExportLayout}), file by file in manifest order, in pages of
 * {@code rowsPerPage} rows. The cursor token pins the run, the file and the row
 * ({@code m=<manifest>&b=<file index>&r=<rows done>}), so a resumed job continues the same run.
 *
 * <p>Files are streamed with Blob ranged reads (bounded memory); the reader of a job's current
 * file is kept open between its pages, and a resumed job reopens the file and skips the rows it
 * has. At the end of each file the rows read are checked against the manifest's
 * {@code dataRowCount}. The source version of every page is the run ({@code run:<id>@<submitted>}),
 * so a later run of the same month restates the earlier one.
 */
public final class AzureExportSource implements CostSource<CsvRow> {
  private static final int OPEN_READERS = 16;

  private final BlobServiceClient storage;
  private final AzureExportLayout layout;
  private final int rowsPerPage;
  private final AzureCostExportNormalizer normalizer;
  private final Map<String, OpenFile> open = new LinkedHashMap<>(16, 0.75f, true);

  /** A job's file being read: which run and file, how many rows are done, the live reader. */
  private record OpenFile(String manifest, int blob, long rowsDone, CsvReader reader, Iterator<CsvRow> rows) {}

  /** Where a job is: the run's manifest, the file index, the rows done in that file. */
  record Position(String manifest, int blob, long row) {
    String token() {
      return "m=" + URLEncoder.encode(manifest, StandardCharsets.UTF_8) + "&b=" + blob + "&r=" + row;
    }

    static Position parse(String token) {
      Map<String, String> parts = new LinkedHashMap<>();
      for (String p : token.split("&")) {
        int eq = p.indexOf('=');
        if (eq > 0) {
          parts.put(p.substring(0, eq), URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
      try {
        return new Position(parts.get("m"), Integer.parseInt(parts.get("b")), Long.parseLong(parts.get("r")));
      } catch (RuntimeException e) {
        throw new PermanentException("unreadable export cursor token '" + token + "'", e);
      }
    }
  }

  public AzureExportSource(BlobServiceClient storage, AzureExportLayout layout, int rowsPerPage,
      AzureExportNormalizers normalizers) {
    if (rowsPerPage < 1) {
      throw new IllegalArgumentException("costfleet.azure.exports.rows-per-page must be >= 1, was " + rowsPerPage);
    }
    this.storage = storage;
    this.layout = layout;
    this.rowsPerPage = rowsPerPage;
    this.normalizer = new AzureCostExportNormalizer(normalizers);
  }

  @Override
  public String name() {
    return AzureExportOptions.SOURCE;
  }

  /** One bucket per storage container (Storage throttles per account, far above what a fleet reads). */
  @Override
  public String rateLimitScope(ExtractionJob job) {
    return "storage/" + layout.container();
  }

  @Override
  public Page<CsvRow> fetch(ExtractionJob job, Cursor cursor) {
    BlobContainerClient container = storage.getBlobContainerClient(layout.container());
    Position at;
    ExportManifest manifest;
    if (cursor.token() == null) {
      manifest = latestRun(container, job);
      at = new Position(manifest.path(), 0, 0);
    } else {
      at = Position.parse(cursor.token());
      manifest = ExportManifest.parse(at.manifest(), container.getBlobClient(at.manifest()).downloadContent().toBytes());
    }
    Map<String, String> meta = Map.of(ExtractionRunner.META_SOURCE_VERSION, manifest.sourceVersion());
    if (manifest.blobs().isEmpty()) {
      return new Page<>(List.of(), new byte[0], "csv", null, meta);
    }
    if (at.blob() >= manifest.blobs().size()) {
      throw new PermanentException("export cursor points at file " + at.blob() + " of " + manifest.path()
          + ", which lists " + manifest.blobs().size());
    }
    ExportManifest.Blob blob = manifest.blobs().get(at.blob());
    OpenFile file = reader(job, container, at, blob, CostMetric.of(job.dataset()));
    List<RawRecord<CsvRow>> records = new ArrayList<>(Math.min(rowsPerPage, 1024));
    StringBuilder raw = new StringBuilder(String.join(",", file.reader().header().names())).append('\n');
    long done = at.row();
    boolean fileDone;
    try {
      while (records.size() < rowsPerPage && file.rows().hasNext()) {
        CsvRow row = file.rows().next();
        records.add(new RawRecord<>(row.position(), row));
        raw.append(row.toCsvLine()).append('\n');
        done++;
      }
      fileDone = !file.rows().hasNext();
    } catch (RuntimeException e) {
      close(file);
      throw e;
    }
    String next;
    if (fileDone) {
      close(file);
      if (blob.dataRowCount().isPresent() && blob.dataRowCount().getAsLong() != done) {
        throw new MalformedPayloadException("export file " + blob.name() + " has " + done + " data rows, its manifest "
            + manifest.path() + " says " + blob.dataRowCount().getAsLong());
      }
      next = at.blob() + 1 < manifest.blobs().size() ? new Position(at.manifest(), at.blob() + 1, 0).token() : null;
    } else {
      keep(job, new OpenFile(at.manifest(), at.blob(), done, file.reader(), file.rows()));
      next = new Position(at.manifest(), at.blob(), done).token();
    }
    return new Page<>(records, raw.toString().getBytes(StandardCharsets.UTF_8), "csv", next, meta);
  }

  private ExportManifest latestRun(BlobContainerClient container, ExtractionJob job) {
    String folder;
    try {
      folder = layout.monthFolder(job);
    } catch (IllegalArgumentException e) {
      throw new PermanentException(e.getMessage(), e);
    }
    List<ExportManifest> runs = new ArrayList<>();
    for (BlobItem item : container.listBlobs(new ListBlobsOptions().setPrefix(folder), null)) {
      if (item.getName().endsWith("/manifest.json")) {
        runs.add(ExportManifest.parse(item.getName(), container.getBlobClient(item.getName()).downloadContent().toBytes()));
      }
    }
    return runs.stream()
        .max(Comparator.comparing((ExportManifest m) -> m.submittedTime() == null ? java.time.Instant.EPOCH
            : m.submittedTime()).thenComparing(ExportManifest::path))
        .orElseThrow(() -> new UnavailableException("no export run yet under " + layout.container() + "/" + folder
            + " for " + job.accountId() + " " + job.billingPeriod() + " " + job.dataset().code(),
            Duration.ofMinutes(15), null));
  }

  private OpenFile reader(ExtractionJob job, BlobContainerClient container, Position at, ExportManifest.Blob blob,
      CostMetric metric) {
    OpenFile cached;
    synchronized (open) {
      cached = open.remove(job.jobId());
    }
    if (cached != null && cached.manifest().equals(at.manifest()) && cached.blob() == at.blob()
        && cached.rowsDone() == at.row()) {
      return cached;
    }
    close(cached);
    CsvReader reader = null;
    try {
      InputStream in = container.getBlobClient(blob.name()).openInputStream();
      if (blob.name().endsWith(".gz")) {
        in = new GZIPInputStream(in, 1 << 16);
      }
      reader = CsvReader.open(in, blob.name());
      normalizer.normalizer(reader.header(), metric, blob.name());
      Iterator<CsvRow> rows = reader.iterator();
      for (long skipped = 0; skipped < at.row(); skipped++) {
        if (!rows.hasNext()) {
          throw new MalformedPayloadException("export file " + blob.name() + " has fewer rows (" + skipped
              + ") than the cursor has read (" + at.row() + ")");
        }
        rows.next();
      }
      return new OpenFile(at.manifest(), at.blob(), at.row(), reader, rows);
    } catch (IOException e) {
      close(reader);
      throw new UncheckedIOException("cannot read export file " + blob.name(), e);
    } catch (RuntimeException e) {
      close(reader);
      throw e;
    }
  }

  /** Keeps a job's reader open for its next page (the least recently used beyond a few are closed). */
  private void keep(ExtractionJob job, OpenFile file) {
    synchronized (open) {
      close(open.put(job.jobId(), file));
      while (open.size() > OPEN_READERS) {
        var eldest = open.entrySet().iterator().next();
        close(eldest.getValue());
        open.remove(eldest.getKey());
      }
    }
  }

  private static void close(OpenFile file) {
    if (file != null) {
      close(file.reader());
    }
  }

  private static void close(CsvReader reader) {
    if (reader == null) {
      return;
    }
    try {
      reader.close();
    } catch (IOException ignored) {
      // closing a read-only blob stream loses nothing
    }
  }

  @Override
  public Normalizer<CsvRow> normalizer() {
    return normalizer;
  }
}
