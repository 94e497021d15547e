package io.costfleet.worker.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.HttpClient;
import com.azure.storage.blob.BlobServiceClient;
import io.costfleet.job.Dataset;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Provider;
import io.costfleet.model.CostRecord;
import io.costfleet.runner.ExtractionRunner;
import io.costfleet.sim.GroundTruth;
import io.costfleet.source.Cursor;
import io.costfleet.source.ErrorClassifier;
import io.costfleet.source.NormalizeContext;
import io.costfleet.source.NormalizeResult;
import io.costfleet.source.Page;
import io.costfleet.source.RawRecord;
import io.costfleet.source.UnavailableException;
import io.costfleet.source.csv.CsvRow;
import io.costfleet.validation.RecordValidator;
import io.costfleet.worker.azure.sim.AzureSimulator;
import io.costfleet.worker.azure.sim.SimulatorCredential;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The export source through the real azure-storage-blob client against the simulator's storage account. */
class AzureExportSourceIT {
  static AzureSimulator sim;
  static RecordValidator validator;
  static BlobServiceClient storage;
  static final YearMonth MONTH = YearMonth.of(2026, 8);
  static final SimpleMeterRegistry REGISTRY = new SimpleMeterRegistry();

  @BeforeAll
  static void start() throws Exception {
    AzureSimulator.Settings d = AzureSimulator.Settings.defaults();
    sim = AzureSimulator.start(new AzureSimulator.Settings(d.host(), 0, 11L, 2, MONTH, 1, 1000, 500, 97, 600,
        d.storageAccount(), d.billingAccount()));
    validator = new RecordValidator();
    HttpClient http = AzureClients.httpClient(sim.tls().clientContext(), Duration.ofSeconds(10));
    storage = AzureClients.blobService(URI.create(sim.storageEndpoint()), new SimulatorCredential(), http, "costfleet",
        Duration.ofSeconds(10), REGISTRY);
  }

  @AfterAll
  static void stop() {
    sim.close();
    validator.close();
  }

  private static AzureExportSource source() {
    return new AzureExportSource(storage, AzureExportLayout.defaults(), 200,
        new AzureExportNormalizers(AzureExportOptions.defaults(), PricingUnits.load(), validator));
  }

  record Read(List<CostRecord> staged, int quarantined, int pages, String version) {}

  /** Reads a job to its end; {@code switchSourceAfter} pages in, continues on a fresh source (another worker). */
  private static Read read(ExtractionJob job, int switchSourceAfter) {
    AzureExportSource source = source();
    Cursor cursor = Cursor.first();
    List<CostRecord> staged = new ArrayList<>();
    int quarantined = 0;
    int pages = 0;
    String version = null;
    while (true) {
      Page<CsvRow> page = source.fetch(job, cursor);
      pages++;
      version = page.metadata().get(ExtractionRunner.META_SOURCE_VERSION);
      for (RawRecord<CsvRow> raw : page.records()) {
        NormalizeResult r = source.normalizer().normalize(raw, new NormalizeContext(job, version));
        if (r instanceof NormalizeResult.Accepted a) {
          staged.addAll(a.records());
        } else {
          quarantined++;
        }
      }
      if (page.last()) {
        return new Read(staged, quarantined, pages, version);
      }
      cursor = cursor.next(page.nextToken());
      if (pages == switchSourceAfter) {
        source = source();
      }
    }
  }

  private static GroundTruth.Entry truth(ExtractionJob job) {
    return sim.exportTruth().entries().stream()
        .filter(e -> e.account().equals(job.accountId()) && e.dataset().equals(job.dataset().code()))
        .findFirst().orElseThrow();
  }

  @Test
  void everyDatasetOfBothHeaderSetsEqualsTheGroundTruthWithRaggedRowsQuarantined() {
    for (String sub : sim.subscriptions()) {
      for (Dataset dataset : Dataset.values()) {
        ExtractionJob job = ExtractionJob.of(Provider.AZURE, "cost-export", sub, MONTH, dataset, 5, Instant.now());
        Read read = read(job, 2);
        GroundTruth.Entry truth = truth(job);
        assertThat(read.staged()).as("%s %s staged", sub, dataset).hasSize((int) truth.records());
        assertThat(read.quarantined()).as("%s %s quarantined", sub, dataset).isEqualTo((int) truth.malformed())
            .isPositive();
        BigDecimal billed = read.staged().stream().map(CostRecord::billedCost).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal effective = read.staged().stream().map(CostRecord::effectiveCost)
            .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(billed).as("%s %s billed", sub, dataset).isEqualByComparingTo(truth.billedCost());
        assertThat(effective).as("%s %s effective", sub, dataset).isEqualByComparingTo(truth.effectiveCost());
        assertThat(read.pages()).isGreaterThan(3);
        assertThat(read.version()).startsWith("run:");
        assertThat(read.staged()).allSatisfy(r -> assertThat(r.xSourceVersion()).isEqualTo(read.version()));
        assertThat(read.staged().stream().map(CostRecord::xSourceRecordHash).distinct()).hasSize(read.staged().size());
      }
    }
    assertThat(REGISTRY.get("costfleet.api.calls").tag("api", "blob").tag("outcome", "ok").counter().count())
        .isGreaterThan(12);
  }

  @Test
  void aLaterRunOfTheMonthIsTakenOverTheEarlierOne() {
    ExtractionJob job = ExtractionJob.of(Provider.AZURE, "cost-export", sim.subscriptions().get(1), MONTH,
        Dataset.USAGE, 5, Instant.now());
    Read before = read(job, 0);
    sim.rerunExports(Instant.now().plusSeconds(3600));
    Read after = read(job, 0);
    assertThat(after.version()).isNotEqualTo(before.version());
    assertThat(after.staged()).hasSameSizeAs(before.staged());
    assertThat(after.staged()).allSatisfy(r -> assertThat(r.xSourceVersion()).isEqualTo(after.version()));
    // Same lines restated: the same deduplication keys, so close keeps the later version of each.
    assertThat(after.staged().stream().map(CostRecord::xSourceRecordHash).sorted().toList())
        .isEqualTo(before.staged().stream().map(CostRecord::xSourceRecordHash).sorted().toList());
  }

  @Test
  void storageServerBusyIsAThrottleAndAnOutageIsUnavailable() {
    ExtractionJob job = ExtractionJob.of(Provider.AZURE, "cost-export", sim.subscriptions().get(0), MONTH,
        Dataset.USAGE, 5, Instant.now());
    ErrorClassifier classifier = AzureErrors.classifier();
    try {
      sim.server().faults().set(io.costfleet.sim.FaultPlan.none().withThrottleEvery(1, 2));
      Throwable busy = classifier.typed(org.assertj.core.api.Assertions.catchThrowable(
          () -> source().fetch(job, Cursor.first())));
      assertThat(busy).isInstanceOf(io.costfleet.source.ThrottledException.class);
      assertThat(((io.costfleet.source.ThrottledException) busy).retryAfter()).contains(Duration.ofSeconds(2));
      sim.server().faults().set(io.costfleet.sim.FaultPlan.none().withOutage(true));
      Throwable down = classifier.typed(org.assertj.core.api.Assertions.catchThrowable(
          () -> source().fetch(job, Cursor.first())));
      assertThat(down).isInstanceOf(UnavailableException.class);
    } finally {
      sim.server().faults().set(io.costfleet.sim.FaultPlan.none());
    }
  }

  @Test
  void aMonthWithoutARunIsUnavailableForNow() {
    ExtractionJob job = ExtractionJob.of(Provider.AZURE, "cost-export", sim.subscriptions().get(0), MONTH.plusMonths(1),
        Dataset.USAGE, 5, Instant.now());
    ErrorClassifier classifier = AzureErrors.classifier();
    Throwable t = classifier.typed(org.assertj.core.api.Assertions.catchThrowable(() -> source().fetch(job, Cursor.first())));
    assertThat(t).isInstanceOf(UnavailableException.class).hasMessageContaining("no export run yet");
  }
}
