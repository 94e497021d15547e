package io.costfleet.worker.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Window;
import io.costfleet.model.CostRecord;
import io.costfleet.sim.FaultPlan;
import io.costfleet.sim.GroundTruth;
import io.costfleet.source.Cursor;
import io.costfleet.source.Failure;
import io.costfleet.source.Page;
import io.costfleet.source.SchemaException;
import io.costfleet.source.ThrottledException;
import io.costfleet.source.UnavailableException;
import io.costfleet.worker.gcp.sim.BillingDataGenerator;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The source with the real google-cloud-bigquery client against the BigQuery simulator. */
class BigQueryExportSourceIT {
  static final String STANDARD = BillingDataGenerator.STANDARD_ACCOUNT;
  static final String DETAILED = BillingDataGenerator.DETAILED_ACCOUNT;
  static SimFixture fx;

  @BeforeAll
  static void start() throws Exception {
    fx = new SimFixture(200);
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  @AfterEach
  void reset() {
    fx.sim.server().faults().set(FaultPlan.none());
    fx.sim.setNow(Instant.parse("9999-12-31T00:00:00Z"));
    fx.sim.setThrottleStatus(403);
  }

  @Test
  void wholeMonthOfTheStandardExportMatchesTheGroundTruthToTheCent() {
    List<CostRecord> records = fx.drain(SimFixture.wholeMonth(STANDARD));
    GroundTruth.Entry truth = fx.truth(STANDARD);
    assertThat(records).hasSize((int) truth.records());
    assertThat(SimFixture.billed(records)).isEqualByComparingTo(truth.billedCost());
    assertThat(records).extracting(CostRecord::chargeCategory).contains("Usage", "Credit", "Tax", "Adjustment");
    assertThat(records).filteredOn(r -> "Adjustment".equals(r.chargeCategory()) && "Correction".equals(r.chargeClass()))
        .as("the adjustment correcting September usage is in October's invoice").hasSize(1);
    assertThat(SimFixture.dedupe(records)).hasSameSizeAs(records);
  }

  @Test
  void detailedExportInEurosWithADriftedSchemaMatchesTheGroundTruth() {
    long before = fx.sim.queryJobs();
    ExtractionJob job = SimFixture.wholeMonth(DETAILED);
    Page<JsonNode> first = fx.source.fetch(job, Cursor.first());
    assertThat(new String(first.rawPayload(), StandardCharsets.UTF_8))
        .as("the unknown column is kept in the raw archive").contains(BillingDataGenerator.DRIFT_COLUMN);
    assertThat(first.metadata()).containsEntry("bigquery.export", "detailed");

    List<CostRecord> records = fx.drain(job);
    GroundTruth.Entry truth = fx.truth(DETAILED);
    assertThat(truth.currency()).isEqualTo("EUR");
    assertThat(SimFixture.billed(records)).isEqualByComparingTo(truth.billedCost());
    assertThat(records).allSatisfy(r -> assertThat(r.billingCurrency()).isEqualTo("EUR"));
    assertThat(records).filteredOn(r -> r.commitmentDiscountId() != null).isNotEmpty()
        .allSatisfy(r -> assertThat(r.chargeCategory()).isEqualTo("Credit"));
    assertThat(records).filteredOn(r -> "Usage".equals(r.chargeCategory()))
        .allSatisfy(r -> assertThat(r.resourceId()).startsWith("//"));
    assertThat(fx.sim.queryJobs() - before).isEqualTo(2);
  }

  @Test
  void lateRowsArriveAfterMonthEndAndAnOverlappingResyncDeduplicatesToTheGroundTruth() {
    Instant firstSync = Instant.parse("2026-11-01T12:00:00Z");
    fx.sim.setNow(firstSync);
    GroundTruth.Entry early = fx.truth(STANDARD);
    List<CostRecord> sync = fx.drain(SimFixture.wholeMonth(STANDARD));
    assertThat(SimFixture.billed(sync)).isEqualByComparingTo(early.billedCost());

    fx.sim.setNow(Instant.parse("2026-11-09T00:00:00Z"));
    GroundTruth.Entry late = fx.truth(STANDARD);
    assertThat(late.billedCost()).as("late rows changed the month").isNotEqualByComparingTo(early.billedCost());
    List<CostRecord> resync = fx.drain(SimFixture.job(STANDARD,
        new Window(LocalDate.of(2026, 10, 20), LocalDate.of(2026, 11, 1)), 1));

    List<CostRecord> all = new ArrayList<>(sync);
    all.addAll(resync);
    List<CostRecord> kept = SimFixture.dedupe(all);
    assertThat(kept.size()).as("the re-sync overlapped the first sync").isLessThan(all.size());
    assertThat(SimFixture.billed(kept)).isEqualByComparingTo(late.billedCost());
    assertThat(kept).hasSize((int) late.records());
  }

  @Test
  void aJobResumesOnTheSameQueryResultsFromItsCursor() throws Exception {
    ExtractionJob job = SimFixture.wholeMonth(STANDARD);
    List<CostRecord> uninterrupted = fx.drain(job);

    long queries = fx.sim.queryJobs();
    Page<JsonNode> first = fx.source.fetch(job, Cursor.first());
    assertThat(first.last()).isFalse();
    List<CostRecord> resumed = new ArrayList<>();
    try (SimFixture.Worker other = fx.anotherWorker()) {
      Cursor cursor = Cursor.first().next(first.nextToken());
      resumed.addAll(other.normalize(job, first));
      for (Page<JsonNode> p = other.source().fetch(job, cursor); ; p = other.source().fetch(job, cursor)) {
        resumed.addAll(other.normalize(job, p));
        if (p.last()) {
          break;
        }
        cursor = cursor.next(p.nextToken());
      }
    }
    assertThat(fx.sim.queryJobs() - queries).as("resuming does not run the query again").isEqualTo(1);
    assertThat(resumed).extracting(CostRecord::xSourceRecordHash)
        .containsExactlyElementsOf(uninterrupted.stream().map(CostRecord::xSourceRecordHash).toList());
  }

  @Test
  void expiredQueryResultsRunTheQueryAgainAndTheOverlapDeduplicates() {
    ExtractionJob job = SimFixture.wholeMonth(STANDARD);
    Page<JsonNode> first = fx.source.fetch(job, Cursor.first());
    List<CostRecord> records = new ArrayList<>(fx.normalize(job, first));
    Cursor cursor = Cursor.first().next(new BigQueryCursor("costfleet_expired_job", "US", "b2Zmc2V0OjIwMA").encode());
    long queries = fx.sim.queryJobs();
    while (true) {
      Page<JsonNode> p = fx.source.fetch(job, cursor);
      records.addAll(fx.normalize(job, p));
      if (p.last()) {
        break;
      }
      cursor = cursor.next(p.nextToken());
    }
    assertThat(fx.sim.queryJobs() - queries).isEqualTo(1);
    assertThat(SimFixture.billed(SimFixture.dedupe(records))).isEqualByComparingTo(fx.truth(STANDARD).billedCost());
  }

  @Test
  void theClientsQueryShortcutAndTheQueryWithLiteralsBehaveAsOnBigQuery() throws Exception {
    ExtractionJob job = SimFixture.wholeMonth(STANDARD);
    BillingExportTable table = fx.properties.table(STANDARD);
    var config = BillingExportQuery.of(table, job, 6).toBuilder().setJobTimeoutMs(null).build();
    long rows = 0;
    for (var page = fx.bigquery.query(config);
        page != null; page = page.hasNextPage() ? page.getNextPage() : null) {
      for (var ignored : page.getValues()) {
        rows++;
      }
    }
    assertThat(fx.sim.calls()).containsKey("jobs.query");
    long credits = fx.truth(STANDARD).records() - rows;
    assertThat(rows).isPositive();
    assertThat(credits).as("one record per row plus one per credit").isPositive();

    var literal = com.google.cloud.bigquery.QueryJobConfiguration.newBuilder(
        "SELECT * FROM `" + table.id() + "` WHERE billing_account_id = '" + STANDARD + "'").setUseLegacySql(false).build();
    assertThatThrownBy(() -> fx.bigquery.query(literal))
        .isInstanceOfSatisfying(com.google.cloud.bigquery.BigQueryException.class,
            e -> assertThat(e.getReason()).isEqualTo("invalidQuery"));
  }

  @Test
  void aTableWithoutARequiredColumnIsASchemaErrorNamingIt() {
    ExtractionJob job = SimFixture.wholeMonth(BillingDataGenerator.BROKEN_ACCOUNT);
    assertThatThrownBy(() -> fx.source.fetch(job, Cursor.first()))
        .isInstanceOf(SchemaException.class)
        .hasMessageContaining(BillingDataGenerator.DROPPED_COLUMN)
        .satisfies(e -> assertThat(fx.source.errors().classifier().classify(e)).isInstanceOf(Failure.Reject.class));
  }

  @Test
  void rateLimitExceededIsThrottlingOnTheWorkersBucket() {
    fx.sim.server().faults().set(FaultPlan.none().withThrottleEvery(1, 1));
    for (int status : new int[] {403, 429}) {
      fx.sim.setThrottleStatus(status);
      assertThatThrownBy(() -> fx.source.fetch(SimFixture.wholeMonth(STANDARD), Cursor.first()))
          .isInstanceOfSatisfying(ThrottledException.class, e -> {
            assertThat(e.scope()).isEqualTo("bigquery");
            assertThat(e.retryAfter()).isEmpty();
            assertThat(e.getMessage()).contains(status + " rateLimitExceeded");
            assertThat(fx.source.errors().classifier().classify(e)).isInstanceOf(Failure.Retry.class);
          });
    }
    assertThat(fx.registry.counter("costfleet.api.calls", "provider", "gcp", "api", "tables.get", "outcome", "throttled")
        .count()).isEqualTo(2);
  }

  @Test
  void backendErrorsAndOutagesAreUnavailable() {
    fx.sim.server().faults().set(FaultPlan.none().withErrorBurst(1));
    assertThatThrownBy(() -> fx.source.fetch(SimFixture.wholeMonth(STANDARD), Cursor.first()))
        .isInstanceOf(UnavailableException.class).hasMessageContaining("backendError");
    fx.sim.server().faults().set(FaultPlan.none().withOutage(true));
    assertThatThrownBy(() -> fx.source.fetch(SimFixture.wholeMonth(STANDARD), Cursor.first()))
        .isInstanceOf(UnavailableException.class).hasMessageContaining("503");
  }

  @Test
  void malformedRowsAreRejectedWithTheirReasonAndExcludedFromTheTruth() {
    fx.sim.server().faults().set(new FaultPlan(0, 1, 0, 0, false, 50));
    ExtractionJob job = SimFixture.wholeMonth(STANDARD);
    List<CostRecord> accepted = new ArrayList<>();
    int rejected = 0;
    Cursor cursor = Cursor.first();
    while (true) {
      Page<JsonNode> p = fx.source.fetch(job, cursor);
      for (var r : p.records()) {
        var result = fx.source.normalizer().normalize(r, null);
        if (result instanceof io.costfleet.source.NormalizeResult.Accepted a) {
          accepted.addAll(a.records());
        } else {
          assertThat(((io.costfleet.source.NormalizeResult.Rejected) result).violations())
              .extracting(io.costfleet.validation.Violation::field).containsExactly("cost");
          rejected++;
        }
      }
      if (p.last()) {
        break;
      }
      cursor = cursor.next(p.nextToken());
    }
    GroundTruth.Entry truth = fx.truth(STANDARD);
    assertThat(rejected).isEqualTo(truth.malformed()).isPositive();
    assertThat(SimFixture.billed(accepted)).isEqualByComparingTo(truth.billedCost());
    assertThat(truth.billedCost()).isGreaterThan(BigDecimal.ZERO);
  }
}
