package io.costfleet.worker.aws.cur;

import io.costfleet.job.ExtractionJob;
import io.costfleet.source.CostSource;
import io.costfleet.source.Cursor;
import io.costfleet.source.ErrorClassifier;
import io.costfleet.source.FieldReader;
import io.costfleet.source.MalformedPayloadException;
import io.costfleet.source.Normalizer;
import io.costfleet.source.Page;
import io.costfleet.source.PermanentException;
import io.costfleet.source.RawRecord;
import io.costfleet.source.UnavailableException;
import io.costfleet.source.csv.CsvRow;
import io.costfleet.validation.RecordValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The AWS CUR / Data Exports source ({@code cur}): streams the report files of a billing period's
 * delivery from S3 in pages of {@link CurSettings#pageRows()} rows.
 *
 * <p>A job with a {@code part} reads that one report file (its key); a job without one reads every
 * file of the period's latest delivery, one after the other. The first page pins the delivery (its
 * {@link CurVersion}, stamped on every record as {@code x_SourceVersion}); the cursor token is
 * {@link CurCursor} (delivery, file, rows read, ETag). Between pages of a job the file stays open
 * (one decompression stream, no re-read); a job resumed elsewhere reopens the file and skips the rows
 * already read (Parquet: starts at the row). Pages never span two files. A page with a row that has
 * no {@code bill/InvoiceId} (the month is not invoiced yet) carries {@code estimated=true}.
 */
public final class CurSource implements CostSource<CurRow>, AutoCloseable {
  /** Page metadata keys. */
  public static final String META_SOURCE_VERSION = "sourceVersion";
  public static final String META_FILE = "file";
  public static final String META_ESTIMATED = "estimated";

  /** The version of a job that found no delivery for its period. */
  public static final String NO_DELIVERY = "00000000T000000.000Z_none";
  private static final int MAX_OPEN = 16;

  private final CurSettings settings;
  private final S3ReportStore store;
  private final CurDiscovery discovery;
  private final CurNormalizer normalizer;
  private final Map<String, OpenFile> open = new LinkedHashMap<>();

  /**
   * @param validator used for FOCUS exports' own checks; CUR records are validated by the runner's
   *                  stager when staged, not a second time here
   */
  public CurSource(CurSettings settings, software.amazon.awssdk.services.s3.S3Client s3, RecordValidator validator) {
    this(settings, s3, validator, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
  }

  /** @param registry where the S3 calls are counted ({@code costfleet.api.calls}) */
  public CurSource(CurSettings settings, software.amazon.awssdk.services.s3.S3Client s3, RecordValidator validator,
      io.micrometer.core.instrument.MeterRegistry registry) {
    this.settings = settings;
    this.store = new S3ReportStore(s3, registry);
    this.discovery = new CurDiscovery(store);
    this.normalizer = new CurNormalizer(validator, settings.defaultCurrency(), false);
  }

  @Override
  public String name() {
    return CurNormalizer.SOURCE;
  }

  @Override
  public String rateLimitScope(ExtractionJob job) {
    return S3Errors.SCOPE;
  }

  @Override
  public Normalizer<CurRow> normalizer() {
    return normalizer;
  }

  /** Translates S3 client failures; pass it to the runner with this source. */
  public static ErrorClassifier errorClassifier() {
    return S3Errors.classifier();
  }

  /** The deliveries of a payer account's period, oldest first (for planning and operators). */
  public List<CurDelivery> deliveries(String account, java.time.YearMonth period) {
    return discovery.deliveries(settings.location(account), period);
  }

  @Override
  public Page<CurRow> fetch(ExtractionJob job, Cursor cursor) {
    CurReportLocation location = settings.location(job.accountId());
    OpenFile file = take(job.jobId());
    CurCursor at = cursor.token() == null ? null : CurCursor.parse(cursor.token());
    if (file != null && (at == null || !file.isAt(at))) {
      file.close();
      file = null;
    }
    if (file == null) {
      Optional<Target> target = at == null ? firstTarget(job, location) : resumeTarget(job, location, at);
      if (target.isEmpty()) {
        // Nothing delivered yet: an empty, estimated job whose version sorts below every delivery's,
        // so the restatement watcher reports the first delivery when it comes.
        return new Page<>(List.of(), null, "csv", null, Map.of(META_ESTIMATED, "true",
            META_SOURCE_VERSION, NO_DELIVERY));
      }
      file = openFile(location, target.get(), at == null ? 0 : at.row(), at == null ? null : at.etag());
    }
    try {
      return readPage(job, file);
    } catch (IOException e) {
      file.close();
      throw new UnavailableException("reading " + file.key + " failed: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      file.close();
      throw e;
    }
  }

  private Page<CurRow> readPage(ExtractionJob job, OpenFile file) throws IOException {
    List<RawRecord<CurRow>> records = new ArrayList<>(Math.min(settings.pageRows(), 1 << 14));
    String version = file.target.version;
    int invoice = normalizer.columns(file.reader.header()).index(CurField.INVOICE_ID);
    boolean estimated = false;
    CsvRow row;
    while (records.size() < settings.pageRows() && (row = file.next()) != null) {
      records.add(new RawRecord<>(file.key + ":" + row.line(), new CurRow(row, version)));
      estimated |= invoice >= 0 && FieldReader.text(row.get(invoice)) == null;
    }
    String next;
    if (file.hasNext()) {
      next = new CurCursor(version, file.target.fileIndex, file.rowsRead(), file.etag).token();
      put(job.jobId(), file);
    } else {
      file.close();
      int nextFile = file.target.fileIndex + 1;
      next = nextFile < file.target.files.size() ? new CurCursor(version, nextFile, 0, null).token() : null;
    }
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put(META_SOURCE_VERSION, version);
    meta.put(META_FILE, file.key);
    if (estimated) {
      meta.put(META_ESTIMATED, "true");
    }
    return new Page<>(records, null, "csv", next, meta);
  }

  /** What one job reads: a delivery's version, its files, and the file at hand. */
  private record Target(String version, List<String> files, int fileIndex) {
    String key() {
      return files.get(fileIndex);
    }
  }

  private Optional<Target> firstTarget(ExtractionJob job, CurReportLocation location) {
    if (job.part() != null) {
      CurDelivery d = discovery.listing(location, job.billingPeriod(), job.part());
      return Optional.of(new Target(d.version().text(), List.of(job.part()), 0));
    }
    return discovery.latest(location, job.billingPeriod())
        .map(d -> new Target(d.version().text(), d.manifest().reportKeys(), 0));
  }

  private Optional<Target> resumeTarget(ExtractionJob job, CurReportLocation location, CurCursor at) {
    if (job.part() != null) {
      return Optional.of(new Target(at.version(), List.of(job.part()), 0));
    }
    for (CurDelivery d : discovery.deliveries(location, job.billingPeriod())) {
      if (d.version().text().equals(at.version())) {
        if (at.fileIndex() >= d.manifest().reportKeys().size()) {
          throw new MalformedPayloadException("cursor names file " + at.fileIndex() + " of delivery " + at.version()
              + ", which has " + d.manifest().reportKeys().size());
        }
        return Optional.of(new Target(at.version(), d.manifest().reportKeys(), at.fileIndex()));
      }
    }
    throw new PermanentException("delivery " + at.version() + " of " + job.billingPeriod() + " is gone from s3://"
        + location.bucket() + "/" + location.base() + " (a newer delivery replaced it; its own job restates the period)");
  }

  private OpenFile openFile(CurReportLocation location, Target target, long startRow, String expectedEtag) {
    String key = target.key();
    S3ObjectInfo object = store.head(location.bucket(), key);
    if (expectedEtag != null && !expectedEtag.equals(object.etag())) {
      throw new PermanentException("report file " + key + " changed since this job started reading it (ETag "
          + expectedEtag + ", now " + object.etag() + "): a newer delivery replaces it and its own job restates "
          + "the period");
    }
    CurFileFormat format = CurFileFormat.of(key);
    CurReportReader reader;
    try {
      if (format == CurFileFormat.PARQUET) {
        reader = ParquetReportReader.open(download(location, object), key, startRow, true);
      } else {
        InputStream in = new ResumableObjectStream(store, location.bucket(), object, settings.maxResumes());
        reader = CsvReportReader.open(in, format == null ? CurFileFormat.CSV : format, key);
      }
      if (reader.skipTo(startRow) < startRow) {
        long read = reader.rowsRead();
        reader.close();
        throw new MalformedPayloadException("report file " + key + " has " + read + " rows, the cursor is at row "
            + startRow);
      }
    } catch (IOException e) {
      throw new UnavailableException("opening " + key + " failed: " + e.getMessage(), e);
    }
    return new OpenFile(target, key, object.etag(), reader);
  }

  private Path download(CurReportLocation location, S3ObjectInfo object) throws IOException {
    Files.createDirectories(settings.tempDir());
    Path tmp = Files.createTempFile(settings.tempDir(), "cur-", ".parquet");
    try (InputStream in = new ResumableObjectStream(store, location.bucket(), object, settings.maxResumes())) {
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      return tmp;
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  private synchronized OpenFile take(String jobId) {
    return open.remove(jobId);
  }

  private synchronized void put(String jobId, OpenFile file) {
    open.put(jobId, file);
    while (open.size() > MAX_OPEN) {
      String eldest = open.keySet().iterator().next();
      open.remove(eldest).close();
    }
  }

  @Override
  public synchronized void close() {
    open.values().forEach(OpenFile::close);
    open.clear();
  }

  /** A report file a job is reading, with one row of look-ahead so a page ends exactly at the file's end. */
  private static final class OpenFile {
    private final Target target;
    private final String key;
    private final String etag;
    private final CurReportReader reader;
    private CsvRow ahead;
    private boolean aheadRead;

    OpenFile(Target target, String key, String etag, CurReportReader reader) {
      this.target = target;
      this.key = key;
      this.etag = etag;
      this.reader = reader;
    }

    boolean isAt(CurCursor at) {
      return at.version().equals(target.version) && at.fileIndex() == target.fileIndex && at.row() == rowsRead();
    }

    /** Rows handed out so far (the look-ahead row is not one of them). */
    long rowsRead() {
      return reader.rowsRead() - (aheadRead && ahead != null ? 1 : 0);
    }

    CsvRow next() throws IOException {
      if (aheadRead) {
        aheadRead = false;
        return ahead;
      }
      return reader.next();
    }

    boolean hasNext() throws IOException {
      if (!aheadRead) {
        ahead = reader.next();
        aheadRead = true;
      }
      return ahead != null;
    }

    void close() {
      try {
        reader.close();
      } catch (IOException e) {
        throw new UncheckedIOException("closing " + key, e);
      }
    }
  }
}
