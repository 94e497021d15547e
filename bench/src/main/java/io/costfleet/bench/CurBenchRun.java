package io.costfleet.bench;

import io.costfleet.job.Dataset;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Provider;
import io.costfleet.source.Cursor;
import io.costfleet.source.NormalizeContext;
import io.costfleet.source.NormalizeResult;
import io.costfleet.source.Page;
import io.costfleet.source.RawRecord;
import io.costfleet.worker.aws.cur.CurRow;
import io.costfleet.ratelimit.InMemoryRateLimiter;
import io.costfleet.ratelimit.RateLimitConfig;
import io.costfleet.resilience.InMemoryCircuitBreaker;
import io.costfleet.runner.ExtractionRunner;
import io.costfleet.runner.RunOutcome;
import io.costfleet.runner.RunnerCoordination;
import io.costfleet.runner.RunnerSettings;
import io.costfleet.runner.StopSignal;
import io.costfleet.staging.ParquetRecordReader;
import io.costfleet.staging.StagingLayout;
import io.costfleet.state.InMemoryCoordination;
import io.costfleet.validation.RecordValidator;
import io.costfleet.worker.aws.cur.CurReportLocation;
import io.costfleet.worker.aws.cur.CurS3Client;
import io.costfleet.worker.aws.cur.CurSettings;
import io.costfleet.worker.aws.cur.CurSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The measured side of {@code bench cur}, run in its own JVM (one core, small heap): one CUR job
 * through the real runner (in-memory coordination) and the real S3 client against the simulator
 * the parent process serves, into validated FOCUS Parquet. Prints one {@code RESULT} line.
 *
 * <p>Arguments: {@code endpoint bucket account period pageRows stagingDir}.
 */
public final class CurBenchRun {
  private CurBenchRun() {}

  /** Reads every page of the job (a fresh cursor), normalizing each row if asked; returns the rows read. */
  private static long pass(CurSource source, ExtractionJob job, boolean normalize) {
    Cursor cursor = Cursor.first();
    long rows = 0;
    NormalizeContext context = null;
    while (cursor != null) {
      Page<CurRow> page = source.fetch(job, cursor);
      if (normalize && context == null) {
        context = new NormalizeContext(job, page.metadata().get(CurSource.META_SOURCE_VERSION));
      }
      for (RawRecord<CurRow> raw : page.records()) {
        rows++;
        if (normalize && !(source.normalizer().normalize(raw, context) instanceof NormalizeResult.Accepted)) {
          throw new IllegalStateException("bench data row rejected: " + raw.position());
        }
      }
      cursor = page.nextToken() == null ? null : cursor.next(page.nextToken());
    }
    return rows;
  }

  public static void main(String[] args) throws Exception {
    String endpoint = args[0];
    String bucket = args[1];
    String account = args[2];
    YearMonth period = YearMonth.parse(args[3]);
    int pageRows = Integer.parseInt(args[4]);
    Path staging = Path.of(args[5]);
    InMemoryCoordination coordination = new InMemoryCoordination();
    RecordValidator validator = new RecordValidator();
    CurSettings settings = CurSettings.of(Map.of(account, new CurReportLocation(bucket, "bench", "cur")))
        .withPageRows(pageRows);
    ExtractionJob job = ExtractionJob.of(Provider.AWS, "cur", account, period, Dataset.USAGE, 5,
        Instant.parse("2024-04-02T00:00:00Z"));
    AtomicLong liveAfterGc = new AtomicLong();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
          GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
          if (!info.getGcAction().contains("major")) {
            return; // after a minor collection the old generation still holds garbage
          }
          long used = info.getGcInfo().getMemoryUsageAfterGc().values().stream().mapToLong(MemoryUsage::getUsed).sum();
          liveAfterGc.accumulateAndGet(used, Math::max);
        }
      }, null, null);
    }
    long start;
    long end;
    RunOutcome outcome;
    try (S3Client s3 = CurS3Client.create(endpoint, "us-east-1", "bench", "bench");
         CurSource source = new CurSource(settings, s3, validator);
         ExtractionRunner runner = new ExtractionRunner(new RunnerCoordination(coordination, coordination,
             new InMemoryRateLimiter(new RateLimitConfig(1_000_000, 1_000_000)), InMemoryCircuitBreaker.ofDefaults()),
             new StagingLayout(staging), validator, new SimpleMeterRegistry(), RunnerSettings.defaults("bench"),
             Clock.systemUTC())) {
      // Stage breakdown first (each pass reads the whole object again): S3 + gunzip + CSV, then + CUR normalizer.
      long f0 = System.nanoTime();
      long fetched = pass(source, job, false);
      long f1 = System.nanoTime();
      pass(source, job, true);
      long f2 = System.nanoTime();
      System.out.printf("STAGES fetchSeconds=%.3f normalizeSeconds=%.3f rows=%d%n", (f1 - f0) / 1e9, (f2 - f1) / 1e9,
          fetched);
      start = System.nanoTime();
      outcome = runner.run(job, source, CurSource.errorClassifier(), StopSignal.never());
      end = System.nanoTime();
    }
    long peakHeap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peakHeap += pool.getPeakUsage().getUsed();
      }
    }
    RunOutcome.Completed done = (RunOutcome.Completed) outcome;
    String glob = staging.resolve("staging").toString() + "/**/*.parquet";
    String sums;
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT count(*), sum(BilledCost), sum(EffectiveCost) FROM read_parquet("
             + ParquetRecordReader.literal(glob) + ")")) {
      rs.next();
      sums = "parquetRows=" + rs.getLong(1) + " billed=" + rs.getBigDecimal(2).stripTrailingZeros().toPlainString()
          + " effective=" + rs.getBigDecimal(3).stripTrailingZeros().toPlainString();
    }
    double seconds = (end - start) / 1e9;
    System.out.printf("RESULT rows=%d quarantined=%d pages=%d seconds=%.3f peakHeapMb=%.1f liveAfterGcMb=%.1f "
        + "maxHeapMb=%.1f %s%n", done.rows(), done.quarantined(), done.pages(), seconds, peakHeap / 1048576.0,
        liveAfterGc.get() / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0, sums);
  }
}
