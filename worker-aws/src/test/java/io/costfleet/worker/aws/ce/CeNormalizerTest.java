package io.costfleet.worker.aws.ce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costfleet.job.Dataset;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Provider;
import io.costfleet.job.WireCodec;
import io.costfleet.model.CostRecord;
import io.costfleet.source.NormalizeContext;
import io.costfleet.source.NormalizeResult;
import io.costfleet.source.RawRecord;
import io.costfleet.testing.Samples;
import io.costfleet.validation.RecordValidator;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The Cost Explorer normalizer on the real published responses in {@code shared/samples/aws-ce}. */
class CeNormalizerTest {
  private static final ObjectMapper JSON = WireCodec.newMapper();
  private static final RecordValidator VALIDATOR = new RecordValidator();
  private final CeResponseReader reader = new CeResponseReader(JSON);
  private final CeNormalizer normalizer = new CeNormalizer(JSON);

  @AfterAll
  static void close() {
    VALIDATOR.close();
  }

  private List<CostRecord> normalizeAll(String sample, YearMonth period) throws Exception {
    JsonNode response = reader.parse(Files.readAllBytes(Samples.path(sample)));
    ExtractionJob job = ExtractionJob.of(Provider.AWS, "cost-explorer", "123456789012", period, Dataset.USAGE, 5,
        Instant.EPOCH);
    List<CostRecord> out = new ArrayList<>();
    // The cloudtoolbox sample is a bare ResultsByTime array of a GroupBy SERVICE query (its SOURCES.md).
    for (RawRecord<CeGroup> raw : reader.groups(response, 1,
        List.of(new CeGroup.Definition("DIMENSION", "SERVICE")))) {
      NormalizeResult r = normalizer.normalize(raw, new NormalizeContext(job, "g0"));
      assertThat(r).as(raw.position()).isInstanceOf(NormalizeResult.Accepted.class);
      CostRecord record = ((NormalizeResult.Accepted) r).records().get(0);
      assertThat(VALIDATOR.validate(record)).as(raw.position()).isEmpty();
      out.add(record);
    }
    return out;
  }

  @Test
  void awsCliSampleTwoKeyGroupsWithTheUntaggedEnvironmentKey() throws Exception {
    List<CostRecord> records = normalizeAll("aws-ce/aws-cli-docs/get-cost-and-usage_s3_by-service-and-tag.json",
        YearMonth.of(2017, 9));

    assertThat(records).hasSize(2);
    CostRecord untagged = records.get(0);
    assertThat(untagged.serviceName()).isEqualTo("Amazon Simple Storage Service");
    assertThat(untagged.serviceCategory()).isEqualTo("Storage");
    assertThat(untagged.billedCost()).isEqualByComparingTo("40.3543773134");
    assertThat(untagged.effectiveCost()).as("no amortized metric requested: unblended")
        .isEqualByComparingTo("40.3543773134");
    assertThat(untagged.pricingQuantity()).isEqualByComparingTo("9312771.098461578");
    assertThat(untagged.pricingUnit()).as("Unit N/A is no unit").isNull();
    assertThat(untagged.tags()).as("Environment$ means untagged").isNull();
    assertThat(untagged.chargeDescription()).isEqualTo("Amazon Simple Storage Service / Environment$");
    assertThat(untagged.chargePeriodStart()).isEqualTo(Instant.parse("2017-09-01T00:00:00Z"));
    assertThat(untagged.chargePeriodEnd()).isEqualTo(Instant.parse("2017-10-01T00:00:00Z"));
    assertThat(untagged.billingPeriodStart()).isEqualTo(Instant.parse("2017-09-01T00:00:00Z"));
    assertThat(untagged.billingCurrency()).isEqualTo("USD");
    assertThat(untagged.chargeCategory()).isEqualTo("Usage");
    assertThat(untagged.providerName()).isEqualTo("AWS");
    assertThat(untagged.xSourcePosition()).isEqualTo("page 1 result 2017-09-01 group 1");

    CostRecord dev = records.get(1);
    assertThat(dev.tags()).isEqualTo(Map.of("Environment", "Dev"));
    assertThat(dev.billedCost()).isEqualByComparingTo("0.2682364644");
    assertThat(dev.pricingQuantity()).isEqualByComparingTo("22403.4395271182");
    assertThat(dev.xSourceRecordHash()).isNotEqualTo(untagged.xSourceRecordHash());
  }

  @Test
  void cloudtoolboxDailySampleEveryGroupEveryAmountToTheCent() throws Exception {
    JsonNode results = JSON.readTree(Files.readAllBytes(
        Samples.path("aws-ce/cloudtoolbox/ResultsByTime_daily_by-service.json")));
    int expectedGroups = 0;
    BigDecimal expectedTotal = BigDecimal.ZERO;
    for (JsonNode day : results) {
      for (JsonNode g : day.get("Groups")) {
        expectedGroups++;
        expectedTotal = expectedTotal.add(new BigDecimal(g.get("Metrics").get("UnblendedCost").get("Amount").asText()));
      }
    }
    List<CostRecord> records = new ArrayList<>();
    for (String month : List.of("2024-02", "2024-03", "2024-04")) {
      YearMonth ym = YearMonth.parse(month);
      for (CostRecord r : normalizeAll("aws-ce/cloudtoolbox/ResultsByTime_daily_by-service.json", ym)) {
        if (YearMonth.from(r.chargePeriodStart().atZone(java.time.ZoneOffset.UTC)).equals(ym)) {
          records.add(r);
        }
      }
    }

    assertThat(expectedGroups).isEqualTo(945);
    assertThat(records).hasSize(945);
    BigDecimal total = records.stream().map(CostRecord::billedCost).reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(total).isEqualByComparingTo(expectedTotal);
    assertThat(records.stream().filter(r -> r.chargeCategory().equals("Tax")).map(CostRecord::billedCost).toList())
        .as("Tax only on the 1st of each month").containsExactly(new BigDecimal("3.3"), new BigDecimal("0.99"),
            new BigDecimal("9.17"));
    assertThat(records).allSatisfy(r -> {
      assertThat(r.chargePeriodEnd()).isEqualTo(r.chargePeriodStart().plusSeconds(86_400));
      assertThat(r.serviceName()).isNotBlank();
    });
    Set<String> hashes = new HashSet<>();
    records.forEach(r -> hashes.add(r.xSourceRecordHash()));
    assertThat(hashes).as("one dedupe key per account, day and service").hasSize(945);
  }

  @Test
  void estimatedResultsAreFlaggedOnTheirGroups() throws Exception {
    JsonNode results = reader.parse(Files.readAllBytes(
        Samples.path("aws-ce/cloudtoolbox/ResultsByTime_daily_by-service.json")));
    List<RawRecord<CeGroup>> groups = reader.groups(results, 1);
    Set<String> estimatedDays = new java.util.TreeSet<>();
    groups.stream().filter(g -> g.value().estimated()).forEach(g -> estimatedDays.add(g.value().start()));
    assertThat(estimatedDays).hasSize(26).first().isEqualTo("2024-04-01");
  }

  @Test
  void aMalformedGroupIsRejectedWithEveryReason() throws Exception {
    JsonNode group = JSON.readTree("{\"Keys\":[\"Amazon EC2\"],\"Metrics\":{\"UnblendedCost\":"
        + "{\"Amount\":\"12.3.4\",\"Unit\":\"USD\"},\"UsageQuantity\":{\"Amount\":\"abc\",\"Unit\":\"Hrs\"}}}");
    CeGroup raw = new CeGroup("2026-10-01", null, false,
        List.of(new CeGroup.Definition("DIMENSION", "SERVICE"), new CeGroup.Definition("TAG", "Environment")), group);
    ExtractionJob job = ExtractionJob.of(Provider.AWS, "cost-explorer", "1", YearMonth.of(2026, 10), Dataset.USAGE,
        5, Instant.EPOCH);

    NormalizeResult r = normalizer.normalize(new RawRecord<>("page 1 result 2026-10-01 group 7", raw),
        new NormalizeContext(job, "g0"));

    assertThat(r).isInstanceOf(NormalizeResult.Rejected.class);
    assertThat(((NormalizeResult.Rejected) r).violations()).extracting(v -> v.field() + ":" + v.code())
        .containsExactlyInAnyOrder("ChargePeriodEnd:Required", "x_GroupKeys:GroupKeyCount", "BilledCost:Decimal",
            "PricingQuantity:Decimal");
    assertThat(normalizer.rawText(raw)).contains("\"12.3.4\"", "\"Start\":\"2026-10-01\"");
  }
}
