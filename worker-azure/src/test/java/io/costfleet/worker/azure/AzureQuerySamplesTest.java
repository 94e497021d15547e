package io.costfleet.worker.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.resourcemanager.costmanagement.fluent.models.QueryResultInner;
import com.azure.resourcemanager.costmanagement.models.QueryDefinition;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costfleet.job.Dataset;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Provider;
import io.costfleet.model.CostRecord;
import io.costfleet.source.NormalizeContext;
import io.costfleet.source.NormalizeResult;
import io.costfleet.source.RawRecord;
import io.costfleet.testing.Samples;
import io.costfleet.validation.RecordValidator;
import io.costfleet.validation.Violation;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Every file in {@code shared/samples/azure/query-api}: the Query API answers read by column name,
 * costs exact to the last digit (the expected sums were computed with Python's {@code json} module
 * with {@code parse_float=Decimal} over the raw {@code responses/} files), non-daily and forecast answers refused row
 * by row, the Cost Details API result read as a manifest, and the SDK's own models agreeing on
 * the shapes.
 */
class AzureQuerySamplesTest {
  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final RecordValidator VALIDATOR = new RecordValidator();

  @AfterAll
  static void close() {
    VALIDATOR.close();
  }

  record Outcome(QueryAnswer answer, List<CostRecord> staged, List<List<Violation>> rejected) {
    BigDecimal billed() {
      return staged.stream().map(CostRecord::billedCost).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
  }

  private static Outcome read(String file, String account) throws IOException {
    JsonNode body = JSON.readTree(Files.readAllBytes(Samples.path("azure/query-api/responses/" + file)));
    QueryAnswer answer = QueryAnswer.parse(body, file);
    ExtractionJob job = ExtractionJob.of(Provider.AZURE, "query", account, YearMonth.of(2018, 3), Dataset.USAGE, 5,
        Instant.EPOCH);
    AzureQueryNormalizer normalizer = new AzureQueryNormalizer(AzureAccounts.inferred(), VALIDATOR);
    List<CostRecord> staged = new ArrayList<>();
    List<List<Violation>> rejected = new ArrayList<>();
    for (RawRecord<QueryRow> raw : answer.records()) {
      NormalizeResult r = normalizer.normalize(raw, new NormalizeContext(job, "g0"));
      if (r instanceof NormalizeResult.Accepted a) {
        staged.addAll(a.records());
      } else {
        rejected.add(((NormalizeResult.Rejected) r).violations());
      }
    }
    return new Outcome(answer, staged, rejected);
  }

  @Test
  void billingAccountDailyQueryIsExactToTheLastDigit() throws IOException {
    Outcome o = read("BillingAccountQuery.response.json", "70664866");
    assertThat(o.staged()).hasSize(4);
    assertThat(o.billed()).isEqualByComparingTo("213.49134985110247865");
    assertThat(o.answer().nextLink()).contains("$skiptoken=");
    CostRecord first = o.staged().get(0);
    assertThat(first.billedCost()).isEqualTo(new BigDecimal("19.545363672276512"));
    assertThat(first.chargePeriodStart()).hasToString("2018-03-31T00:00:00Z");
    assertThat(first.billingAccountId()).isEqualTo("70664866");
    assertThat(first.chargeDescription()).isEqualTo("Microsoft Azure in JapanUnifia-Trial");
    assertThat(first.billingCurrency()).isEqualTo("USD");
  }

  @Test
  void subscriptionDailyQueryKeepsBothCasingsOfAResourceGroupApart() throws IOException {
    Outcome o = read("SubscriptionQuery.response.json", "00000000-0000-0000-0000-000000000000");
    assertThat(o.staged()).hasSize(4);
    assertThat(o.billed()).isEqualByComparingTo("220.945005212619364152");
    assertThat(o.answer().nextLink()).isNull();
    assertThat(o.staged()).extracting(CostRecord::resourceId).contains(
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/Ict_StratAndPlan_GoldSprova_Prod",
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ict_stratandplan_goldsprova_prod");
    assertThat(o.staged().stream().map(CostRecord::xSourceRecordHash).distinct()).hasSize(4);
  }

  @Test
  void answersWithoutDailyGranularityAreRefusedRowByRow() throws IOException {
    for (String file : List.of("BillingAccountQueryGrouping.response.json", "SubscriptionQueryGrouping.response.json")) {
      Outcome o = read(file, "70664866");
      assertThat(o.staged()).as(file).isEmpty();
      assertThat(o.rejected()).as(file).hasSize(o.answer().records().size()).isNotEmpty()
          .allSatisfy(v -> assertThat(v).extracting(Violation::field).contains("ChargePeriodStart"));
    }
  }

  @Test
  void forecastRowsAreNotCosts() throws IOException {
    Outcome o = read("BillingAccountForecast.response.json", "12345:6789");
    assertThat(o.answer().records()).hasSize(4);
    assertThat(o.staged()).isEmpty();
    assertThat(o.rejected()).allSatisfy(v -> assertThat(v).extracting(Violation::code).contains("CostStatus"));
  }

  @Test
  void theCostDetailsReportResultIsReadAsAManifest() throws IOException {
    Path file = Samples.path("azure/query-api/responses/GenerateCostDetailsReportBySubscriptionAndTimePeriod.response.json");
    ExportManifest m = ExportManifest.parse("report.json", Files.readAllBytes(file));
    assertThat(m.blobs()).singleElement()
        .satisfies(b -> assertThat(b.name()).isEqualTo("00000/00000000-0000-0000-0000-000000000000"));
    assertThat(m.runId()).isEqualTo("00000000-0000-0000-0000-000000000000");
  }

  @Test
  void theExportManifestFixtureIsRead() throws IOException {
    ExportManifest m = ExportManifest.parse("cost/partitioned/20230101-20230131/202301041442/run/manifest.json",
        Files.readAllBytes(Samples.path("azure/koku/export-manifest.json")));
    assertThat(m.blobs()).singleElement().satisfies(b -> {
      assertThat(b.name()).endsWith("/73746dc5-5dcc-4b83-b340-bb1bd2b1ca30/000001.csv");
      assertThat(b.dataRowCount()).hasValue(490);
    });
    assertThat(m.runId()).isEqualTo("run");
    assertThat(m.sourceVersion()).isEqualTo("run:run");
  }

  @Test
  void theSdkModelsReadEveryExampleAndAgreeOnTheRows() throws IOException {
    List<Path> examples;
    try (Stream<Path> files = Files.list(Samples.path("azure/query-api/rest-api-specs-examples"))) {
      examples = files.sorted().toList();
    }
    assertThat(examples).hasSize(6);
    for (Path example : examples) {
      JsonNode root = JSON.readTree(Files.readAllBytes(example));
      JsonNode body = root.path("responses").path("200").path("body");
      Path response = Samples.path("azure/query-api/responses/" + example.getFileName().toString()
          .replace(".json", ".response.json"));
      // The responses/ copies went through jq, which rounds numbers through a double
      // (20.359416562625452 became 20.35941656262545): equal as doubles, not digit for digit.
      JsonNode copy = JSON.readTree(Files.readAllBytes(response));
      assertThat(copy.equals((a, b) -> a.isNumber() && b.isNumber()
          ? Double.compare(a.doubleValue(), b.doubleValue()) : a.equals(b) ? 0 : 1, body))
          .as("%s equals its responses/ copy up to double rounding", example).isTrue();
      if (!body.path("properties").has("rows")) {
        continue;
      }
      try (JsonReader reader = JsonProviders.createReader(JSON.writeValueAsBytes(root.path("parameters")
          .path("parameters")))) {
        QueryDefinition definition = QueryDefinition.fromJson(reader);
        assertThat(definition.dataset()).as("%s", example).isNotNull();
      }
      try (JsonReader reader = JsonProviders.createReader(JSON.writeValueAsBytes(body))) {
        QueryResultInner sdk = QueryResultInner.fromJson(reader);
        assertThat(QueryAnswer.parse(body, "x").records()).as("%s", example).hasSize(sdk.rows().size());
        assertThat(sdk.columns()).extracting(c -> c.name()).contains("PreTaxCost");
      }
    }
  }
}
