package io.costfleet.worker.aws.cur;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costfleet.job.Dataset;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Provider;
import io.costfleet.model.CostRecord;
import io.costfleet.sim.FaultPlan;
import io.costfleet.sim.GroundTruth;
import io.costfleet.source.Cursor;
import io.costfleet.source.Failure;
import io.costfleet.source.NormalizeContext;
import io.costfleet.source.NormalizeResult;
import io.costfleet.source.Page;
import io.costfleet.source.PermanentException;
import io.costfleet.source.RawRecord;
import io.costfleet.source.ThrottledException;
import io.costfleet.testing.Samples;
import io.costfleet.validation.RecordValidator;
import io.costfleet.worker.aws.sim.CurReportGenerator;
import io.costfleet.worker.aws.sim.CurSimulation;
import io.costfleet.worker.aws.sim.S3Objects;
import io.costfleet.worker.aws.sim.S3Simulator;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** The CUR source against the S3 simulator, through the real SDK client. */
class CurSourceIT {
  private static final RecordValidator VALIDATOR = new RecordValidator();
  private static final String KOKU_PAYER = "4090136019287";
  private static final String KOKU_KEY = "my-prefix/my-report/20180801-20180901/861af42f-713c-4a42-9562-9158a7625630/"
      + "my-report-1.csv.gz";
  private static final YearMonth PERIOD = YearMonth.of(2024, 3);

  @TempDir
  Path work;

  private S3Simulator sim;
  private CurSimulation deliveries;
  private S3Client s3;

  @BeforeEach
  void start() throws Exception {
    S3Objects objects = new S3Objects();
    objects.mount("koku", Samples.path("aws-cur/koku/s3-layout"));
    deliveries = new CurSimulation(objects, work.resolve("generated"));
    sim = new S3Simulator("127.0.0.1", 0, objects, deliveries::truth).start();
    s3 = CurS3Client.create(sim.endpoint(), "us-east-1", "test", "test");
  }

  @AfterEach
  void stop() {
    s3.close();
    sim.close();
  }

  @AfterAll
  static void closeValidator() {
    VALIDATOR.close();
  }

  private CurSource source(int pageRows) {
    return new CurSource(new CurSettings(Map.of(
        KOKU_PAYER, new CurReportLocation("koku", "my-prefix", "my-report"),
        "111122223333", new CurReportLocation("billing", "cur", "daily"),
        "444455556666", new CurReportLocation("exports", "exports", "cur2")), pageRows, "USD", 3,
        work.resolve("tmp")), s3, VALIDATOR, registry);
  }

  private final io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
      new io.micrometer.core.instrument.simple.SimpleMeterRegistry();

  private double calls(String api, String outcome) {
    var c = registry.find("costfleet.api.calls").tags("provider", "aws", "api", api, "outcome", outcome).counter();
    return c == null ? 0 : c.count();
  }

  private static ExtractionJob job(String account, YearMonth period, String part, int generation) {
    return ExtractionJob.of(Provider.AWS, "cur", account, period, Dataset.USAGE, null, part, 5, generation,
        Instant.parse("2024-04-02T00:00:00Z"));
  }

  /** Everything a job produced, page by page, as the runner would see it. */
  record Run(int pages, long rows, long quarantined, BigDecimal billed, BigDecimal effective, Set<String> versions,
      Set<String> hashes, boolean estimated) {}

  private static Run run(CurSource source, ExtractionJob job, Cursor from, int maxPages) {
    Cursor cursor = from;
    int pages = 0;
    long rows = 0;
    long quarantined = 0;
    BigDecimal billed = BigDecimal.ZERO;
    BigDecimal effective = BigDecimal.ZERO;
    Set<String> versions = new HashSet<>();
    Set<String> hashes = new HashSet<>();
    boolean estimated = false;
    while (cursor != null && pages < maxPages) {
      Page<CurRow> page = source.fetch(job, cursor);
      pages++;
      estimated |= "true".equals(page.metadata().get(CurSource.META_ESTIMATED));
      String version = page.metadata().get(CurSource.META_SOURCE_VERSION);
      for (RawRecord<CurRow> raw : page.records()) {
        NormalizeResult r = source.normalizer().normalize(raw, new NormalizeContext(job, version));
        if (r instanceof NormalizeResult.Accepted a) {
          for (CostRecord c : a.records()) {
            rows++;
            billed = billed.add(c.billedCost());
            effective = effective.add(c.effectiveCost());
            versions.add(c.xSourceVersion());
            assertThat(hashes.add(c.xSourceRecordHash())).as("duplicate %s", c.xSourcePosition()).isTrue();
          }
        } else {
          quarantined++;
        }
      }
      cursor = page.nextToken() == null ? null : cursor.next(page.nextToken());
    }
    return new Run(pages, rows, quarantined, billed, effective, versions, hashes, estimated);
  }

  @Test
  void kokuLayoutIsReadThroughItsManifest() {
    try (CurSource source = source(1000)) {
      List<CurDelivery> found = source.deliveries(KOKU_PAYER, YearMonth.of(2018, 8));
      assertThat(found).hasSize(1);
      assertThat(found.get(0).manifest().reportKeys()).containsExactly(KOKU_KEY);
      // The manifest lists 57 columns; the file has 130 and its header is what is read.
      assertThat(found.get(0).manifest().columns()).hasSize(57);

      Run whole = run(source, job(KOKU_PAYER, YearMonth.of(2018, 8), null, 0), Cursor.first(), 100);
      // Expected figures: CurNormalizerSamplesTest (Python over the same file).
      assertThat(whole.rows()).isEqualTo(6190);
      assertThat(whole.pages()).isEqualTo(7);
      assertThat(whole.billed()).isEqualByComparingTo("29684.780682464855373934184");
      assertThat(whole.versions()).containsExactly(found.get(0).version().text());
      assertThat(whole.versions().iterator().next()).endsWith("_861af42f-713c-4a42-9562-9158a7625630");
      assertThat(whole.estimated()).as("bill/InvoiceId is empty: not invoiced yet").isTrue();

      // Every S3 call is counted: manifests listed and read, the data file headed and streamed once.
      assertThat(calls("ListObjectsV2", "ok")).isEqualTo(4);
      assertThat(calls("GetObject", "ok")).isEqualTo(2 * 2 + 1);
      assertThat(calls("HeadObject", "ok")).isEqualTo(1);

      Run oneFile = run(source, job(KOKU_PAYER, YearMonth.of(2018, 8), KOKU_KEY, 0), Cursor.first(), 100);
      assertThat(oneFile.billed()).isEqualByComparingTo(whole.billed());
      assertThat(oneFile.hashes()).isEqualTo(whole.hashes());
    }
  }

  @Test
  void generatedDeliveryMatchesTheGroundTruthWithRaggedRowsQuarantined() throws Exception {
    CurSimulation.Delivery d = deliveries.deliver(new CurSimulation.Report("billing", "cur", "daily", false),
        new CurReportGenerator.Spec(42, PERIOD, "111122223333", 5, 4_000, 397, 1), 2,
        Instant.parse("2024-04-02T06:00:00Z"));
    try (CurSource source = source(1000)) {
      Run run = run(source, job("111122223333", PERIOD, null, 0), Cursor.first(), 100);
      GroundTruth.Entry truth = deliveries.truth().entries().get(0);
      assertThat(run.rows()).isEqualTo(truth.records()).isEqualTo(2 * 4_000 - 2 * 10);
      assertThat(run.quarantined()).isEqualTo(truth.malformed()).isEqualTo(20);
      assertThat(run.billed()).isEqualByComparingTo(truth.billedCost());
      assertThat(run.effective()).isEqualByComparingTo(truth.effectiveCost());
      assertThat(run.pages()).as("4 pages per file, never spanning two").isEqualTo(8);
      assertThat(run.versions()).containsExactly("20240402T060000.000Z_" + d.assemblyId());
    }
  }

  @Test
  void resumedOnAnotherWorkerContinuesAtTheRow() throws Exception {
    deliveries.deliver(new CurSimulation.Report("billing", "cur", "daily", false),
        new CurReportGenerator.Spec(7, PERIOD, "111122223333", 3, 3_000, 0, 1), 1, Instant.parse("2024-04-02T06:00:00Z"));
    ExtractionJob job = job("111122223333", PERIOD, null, 0);
    Page<CurRow> first;
    try (CurSource a = source(1000)) {
      first = a.fetch(job, Cursor.first());
    }
    Cursor resumeAt = Cursor.first().next(first.nextToken());
    assertThat(CurCursor.parse(first.nextToken()).row()).isEqualTo(1000);
    try (CurSource b = source(1000)) {
      Run rest = run(b, job, resumeAt, 100);
      assertThat(rest.rows() + first.records().size()).isEqualTo(3_000);
      assertThat(first.records().get(0).position()).endsWith("daily-1.csv.gz:2");
      GroundTruth.Entry truth = deliveries.truth().entries().get(0);
      BigDecimal firstBilled = BigDecimal.ZERO;
      for (RawRecord<CurRow> r : first.records()) {
        firstBilled = firstBilled.add(((NormalizeResult.Accepted) b.normalizer().normalize(r, null)).records().get(0)
            .billedCost());
      }
      assertThat(firstBilled.add(rest.billed())).isEqualByComparingTo(truth.billedCost());
    }
  }

  @Test
  void brokenDownloadsResumeFromTheirByteOffset() throws Exception {
    CurSimulation.Delivery d = deliveries.deliver(new CurSimulation.Report("billing", "cur", "daily", false),
        new CurReportGenerator.Spec(9, PERIOD, "111122223333", 4, 5_000, 0, 1), 1, Instant.parse("2024-04-02T06:00:00Z"));
    long size = Files.size(d.files().get(0).file());
    sim.breakDownloadsAfter(size / 5);
    try (CurSource source = source(2000)) {
      Run run = run(source, job("111122223333", PERIOD, null, 0), Cursor.first(), 100);
      assertThat(run.billed()).isEqualByComparingTo(deliveries.truth().entries().get(0).billedCost());
      assertThat(run.rows()).isEqualTo(5_000);
    }
    assertThat(sim.bytesServed()).as("each byte about once, not the file five times")
        .isLessThan(size + size / 5 + 1);
  }

  @Test
  void restatementIsANewVersionAndTheOldJobKeepsItsOwn() throws Exception {
    CurSimulation.Report report = new CurSimulation.Report("billing", "cur", "daily", false);
    CurSimulation.Delivery v1 = deliveries.deliver(report,
        new CurReportGenerator.Spec(1, PERIOD, "111122223333", 3, 3_000, 0, 1), 1, Instant.parse("2024-04-02T06:00:00Z"));
    ExtractionJob firstSync = job("111122223333", PERIOD, null, 0);
    try (CurSource source = source(1000)) {
      Page<CurRow> page1 = source.fetch(firstSync, Cursor.first());
      CurSimulation.Delivery v2 = deliveries.deliver(report,
          new CurReportGenerator.Spec(2, PERIOD, "111122223333", 3, 4_000, 0, 1), 1, Instant.parse("2024-04-03T06:00:00Z"));
      // The job that started on v1 finishes v1 (its files stay in their assembly folder).
      Run rest = run(source, firstSync, Cursor.first().next(page1.nextToken()), 100);
      assertThat(rest.versions()).containsExactly("20240402T060000.000Z_" + v1.assemblyId());
      assertThat(rest.rows() + page1.records().size()).isEqualTo(3_000);
      // The next sync (a new generation) reads v2 and exactly v2's totals.
      Run restated = run(source, job("111122223333", PERIOD, null, 1), Cursor.first(), 100);
      assertThat(restated.versions()).containsExactly("20240403T060000.000Z_" + v2.assemblyId());
      assertThat(restated.rows()).isEqualTo(4_000);
      assertThat(restated.billed()).isEqualByComparingTo(v2.billed())
          .isEqualByComparingTo(deliveries.truth().entries().get(0).billedCost());
      assertThat(source.deliveries("111122223333", PERIOD)).extracting(dd -> dd.version().text())
          .containsExactly("20240402T060000.000Z_" + v1.assemblyId(), "20240403T060000.000Z_" + v2.assemblyId());
    }
  }

  @Test
  void dataExportsLayoutAndParquet() throws Exception {
    S3Objects objects = sim.objects();
    Path cur2 = Samples.path("aws-cur/keboola/cur2");
    Instant at = Instant.parse("2024-10-02T00:00:00Z");
    String data = "exports/cur2/data/BILLING_PERIOD=2024-09/20241002T000000.000Z-test-exec-id-12345/";
    objects.putFile("exports", data + "MockTestReportV2-00001.csv.gz", cur2.resolve("MockTestReportV2-00001.csv.gz"), at);
    String manifest = Files.readString(cur2.resolve("MockTestReportV2-Manifest.json"))
        .replace("s3://mock-cur-v2-bucket/data/BILLING_PERIOD=2024-09/", "s3://exports/" + data);
    objects.put("exports", "exports/cur2/metadata/BILLING_PERIOD=2024-09/cur2-Manifest.json", manifest.getBytes(), at);
    try (CurSource source = source(3)) {
      Run run = run(source, job("444455556666", YearMonth.of(2024, 9), null, 0), Cursor.first(), 10);
      // Expected: 4 rows, 0.108304 (CurNormalizerSamplesTest).
      assertThat(run.rows()).isEqualTo(4);
      assertThat(run.pages()).isEqualTo(2);
      assertThat(run.billed()).isEqualByComparingTo("0.108304");
      assertThat(run.versions()).containsExactly("20241002T000000.000Z_test-exec-id-12345");
    }
  }

  @Test
  void listingFollowsContinuationTokens() {
    for (int i = 0; i < 2_345; i++) {
      sim.objects().put("many", String.format("cur/daily/20240301-20240401/x/%05d.txt", i), new byte[] {1},
          Instant.parse("2024-04-02T00:00:00Z"));
    }
    S3ReportStore store = new S3ReportStore(s3, registry);
    assertThat(store.list("many", "cur/daily/20240301-")).hasSize(2_345)
        .extracting(S3ObjectInfo::key).isSorted().doesNotHaveDuplicates();
    assertThat(calls("ListObjectsV2", "ok")).as("three pages of at most 1,000 keys").isEqualTo(3);
  }

  @Test
  void periodWithoutDeliveryIsAnEmptyEstimatedJob() {
    sim.objects().put("billing", "cur/daily/README", new byte[] {'x'}, Instant.parse("2024-01-01T00:00:00Z"));
    try (CurSource source = source(1000)) {
      Page<CurRow> page = source.fetch(job("111122223333", PERIOD, null, 0), Cursor.first());
      assertThat(page.records()).isEmpty();
      assertThat(page.last()).isTrue();
      assertThat(page.metadata()).containsEntry(CurSource.META_ESTIMATED, "true")
          .containsEntry(CurSource.META_SOURCE_VERSION, CurSource.NO_DELIVERY);
    }
  }

  @Test
  void s3FaultsAreTyped() {
    try (CurSource source = source(1000)) {
      ExtractionJob job = job(KOKU_PAYER, YearMonth.of(2018, 8), null, 0);
      sim.server().faults().set(FaultPlan.none().withThrottleEvery(1, 7));
      assertThatThrownBy(() -> source.fetch(job, Cursor.first()))
          .isInstanceOf(ThrottledException.class)
          .satisfies(e -> assertThat(((ThrottledException) e).retryAfter()).hasValue(java.time.Duration.ofSeconds(7)));
      assertThat(calls("ListObjectsV2", "throttled")).isEqualTo(1);
      sim.server().faults().set(FaultPlan.none().withErrorBurst(1));
      Failure f = CurSource.errorClassifier().classify(catchIt(() -> source.fetch(job, Cursor.first())));
      assertThat(f).isInstanceOf(Failure.Retry.class);
      sim.server().faults().set(FaultPlan.none());
      assertThatThrownBy(() -> source.fetch(job(KOKU_PAYER, YearMonth.of(2018, 8), "my-prefix/nope.csv.gz", 0),
          Cursor.first())).isInstanceOf(PermanentException.class).hasMessageContaining("listed by no manifest");
      assertThatThrownBy(() -> source.fetch(job("999", YearMonth.of(2018, 8), null, 0), Cursor.first()))
          .isInstanceOf(PermanentException.class).hasMessageContaining("costfleet.cur.reports.999");
    }
  }

  @Test
  void aFileReplacedUnderAResumedJobIsAPermanentFailure() throws Exception {
    CurSimulation.Delivery d = deliveries.deliver(new CurSimulation.Report("billing", "cur", "daily", false),
        new CurReportGenerator.Spec(3, PERIOD, "111122223333", 3, 3_000, 0, 1), 1, Instant.parse("2024-04-02T06:00:00Z"));
    ExtractionJob job = job("111122223333", PERIOD, null, 0);
    Page<CurRow> first;
    try (CurSource a = source(1000)) {
      first = a.fetch(job, Cursor.first());
    }
    Path other = work.resolve("other.csv.gz");
    CurReportGenerator.write(new CurReportGenerator.Spec(99, PERIOD, "111122223333", 3, 3_000, 0, 1), other);
    sim.objects().putFile("billing", d.keys().get(0), other, Instant.parse("2024-04-02T07:00:00Z"));
    try (CurSource b = source(1000)) {
      assertThatThrownBy(() -> b.fetch(job, Cursor.first().next(first.nextToken())))
          .isInstanceOf(PermanentException.class).hasMessageContaining("changed");
    }
  }

  private static Throwable catchIt(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("expected a failure");
  }
}
