package io.costfleet.worker.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costfleet.model.CostRecord;
import io.costfleet.source.ExportFormat;
import io.costfleet.source.NormalizeResult;
import io.costfleet.source.RawRecord;
import io.costfleet.source.SchemaException;
import io.costfleet.testing.Samples;
import io.costfleet.validation.RecordValidator;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The normalizer against the real rows of the standard billing export in
 * {@code shared/samples/gcp/koku} (25 rows, 8 of them with a free-trial credit stored as a Python
 * list literal).
 *
 * <p>The expected totals were computed independently of this code, with Python's {@code csv},
 * {@code ast.literal_eval} and {@code decimal.Decimal} over the same file: sum(cost) = 0.000032,
 * sum(credits[].amount) = -0.000032 (8 credits), sum(usage.amount) = 2161915377483.0,
 * sum(usage.amount_in_pricing_units) = 0.0009796155950074332576; per service cost: Security
 * Command Center 6 × 0.000005 + 2 × 0.000001, Stackdriver Logging and BigQuery 0.
 */
class GcpBillingNormalizerSamplesTest {
  static final String SAMPLE = "gcp/koku/202011_30c31bca571d9b7f3b2c8459dd8bc34a_2020-11-08_2020-11-11.csv";

  @TempDir Path tmp;

  @Test
  void everySampleRowNormalizesIntoAValidRecordPlusOnePerCredit() throws IOException {
    List<CostRecord> records = normalizeAll(Samples.path(SAMPLE));

    assertThat(records).hasSize(25 + 8);
    Map<String, List<CostRecord>> byCategory = records.stream().collect(Collectors.groupingBy(CostRecord::chargeCategory));
    assertThat(byCategory.get("Usage")).hasSize(25);
    assertThat(byCategory.get("Credit")).hasSize(8);

    assertThat(sum(byCategory.get("Usage"), CostRecord::billedCost)).isEqualByComparingTo("0.000032");
    assertThat(sum(byCategory.get("Credit"), CostRecord::billedCost)).isEqualByComparingTo("-0.000032");
    assertThat(sum(records, CostRecord::billedCost)).isEqualByComparingTo("0");
    assertThat(sum(records, CostRecord::effectiveCost)).isEqualByComparingTo("0");
    assertThat(sum(byCategory.get("Usage"), CostRecord::consumedQuantity)).isEqualByComparingTo("2161915377483.0");
    assertThat(sum(byCategory.get("Usage"), CostRecord::pricingQuantity))
        .isEqualByComparingTo("0.0009796155950074332576");
    assertThat(sum(records.stream().filter(r -> r.serviceName().equals("Security Command Center")).toList(),
        CostRecord::billedCost)).isEqualByComparingTo("0");

    try (RecordValidator validator = new RecordValidator()) {
      for (CostRecord r : records) {
        assertThat(validator.validate(r)).as(r.xSourcePosition()).isEmpty();
      }
    }
    assertThat(records.stream().map(CostRecord::xSourceRecordHash).collect(Collectors.toSet())).hasSize(33);
  }

  @Test
  void mapsTheFirstRowAndItsPythonListCredit() throws IOException {
    List<CostRecord> records = normalizeAll(Samples.path(SAMPLE));
    CostRecord usage = records.get(0);
    CostRecord credit = records.get(1);

    assertThat(usage.billingAccountId()).isEqualTo("000000-B0BBA4-940A77");
    assertThat(usage.subAccountId()).isEqualTo("billing-example-00000");
    assertThat(usage.subAccountName()).isEqualTo("cloud-billing");
    assertThat(usage.serviceName()).isEqualTo("Security Command Center");
    assertThat(usage.serviceCategory()).isEqualTo("Security");
    assertThat(usage.skuId()).isEqualTo("D5A4-0C3E-4DA4");
    assertThat(usage.chargeDescription()).isEqualTo("Event Threat Detection Log Ingest Bytes");
    assertThat(usage.regionId()).isEqualTo("global");
    assertThat(usage.billedCost()).isEqualByComparingTo("0.000005");
    assertThat(usage.listCost()).isEqualByComparingTo("0.000005");
    assertThat(usage.pricingQuantity()).isEqualByComparingTo("0.000023198314011096954");
    assertThat(usage.pricingUnit()).isEqualTo("gibibyte");
    assertThat(usage.consumedQuantity()).isEqualByComparingTo("24909");
    assertThat(usage.consumedUnit()).isEqualTo("bytes");
    assertThat(usage.chargePeriodStart()).isEqualTo(Instant.parse("2020-11-09T23:00:00Z"));
    assertThat(usage.chargePeriodEnd()).isEqualTo(Instant.parse("2020-11-10T00:00:00Z"));
    // invoice.month 202011 in Pacific time: PDT until Nov 1, PST in December
    assertThat(usage.billingPeriodStart()).isEqualTo(Instant.parse("2020-11-01T07:00:00Z"));
    assertThat(usage.billingPeriodEnd()).isEqualTo(Instant.parse("2020-12-01T08:00:00Z"));
    assertThat(usage.billingCurrency()).isEqualTo("USD");
    assertThat(usage.pricingCurrency()).isNull();
    assertThat(usage.providerName()).isEqualTo("Google Cloud");
    assertThat(usage.xSourceVersion()).isEqualTo("2020-11-10T05:49:32.199Z");
    assertThat(usage.xSourcePosition()).endsWith(".csv:2");

    assertThat(credit.chargeCategory()).isEqualTo("Credit");
    assertThat(credit.billedCost()).isEqualByComparingTo("-0.000005");
    assertThat(credit.effectiveCost()).isEqualByComparingTo("-0.000005");
    assertThat(credit.listCost()).isEqualByComparingTo("-0.000005");
    assertThat(credit.contractedCost()).isEqualByComparingTo("-0.000005");
    assertThat(credit.chargeDescription()).isEqualTo("FreeTrial:Credit-000000-B0BBA4-940A77");
    assertThat(credit.xUsageType()).isEqualTo("PROMOTION");
    assertThat(credit.subAccountId()).isEqualTo(usage.subAccountId());
    assertThat(credit.skuId()).isEqualTo(usage.skuId());
    assertThat(credit.xSourcePosition()).isEqualTo(usage.xSourcePosition() + "#credits[0]");
    assertThat(credit.pricingQuantity()).isNull();
  }

  @Test
  void labelsBecomeTags() throws IOException {
    List<CostRecord> records = normalizeAll(Samples.path(SAMPLE));
    assertThat(records).filteredOn(r -> r.serviceName().equals("Stackdriver Logging"))
        .allSatisfy(r -> assertThat(r.tagsOrEmpty()).containsKey("goog-resource-type"))
        .extracting(r -> r.tagsOrEmpty().get("goog-resource-type"))
        .containsOnly("bigquery_resource", "bigquery_dataset", "bigquery_project");
  }

  @Test
  void unknownColumnsAreIgnored(@TempDir Path dir) throws IOException {
    List<String> lines = Files.readAllLines(Samples.path(SAMPLE));
    List<String> drifted = new ArrayList<>();
    drifted.add(lines.get(0) + ",brand_new.column");
    for (String line : lines.subList(1, lines.size())) {
      drifted.add(line + ",\"[{'whatever': 1}]\"");
    }
    Path file = dir.resolve("drifted.csv");
    Files.write(file, drifted);

    List<CostRecord> original = normalizeAll(Samples.path(SAMPLE));
    List<CostRecord> withDrift = normalizeAll(file);
    assertThat(withDrift).hasSameSizeAs(original);
    for (int i = 0; i < original.size(); i++) {
      assertThat(withDrift.get(i).toBuilder().xSourcePosition(null).build())
          .isEqualTo(original.get(i).toBuilder().xSourcePosition(null).build());
    }
  }

  @Test
  void aFileWithoutARequiredColumnIsRefusedNamingIt(@TempDir Path dir) throws IOException {
    List<String> lines = Files.readAllLines(Samples.path(SAMPLE));
    Path file = dir.resolve("no-cost-type.csv");
    Files.write(file, lines.stream().map(l -> l.replace(",202011,regular,", ",202011,").replace(
        ",invoice.month,cost_type,", ",invoice.month,")).toList());

    ExportFormat format = gcpFormat();
    assertThat(format.recognizes(file)).isFalse();
    assertThatThrownBy(() -> format.open(file))
        .isInstanceOf(SchemaException.class)
        .hasMessageContaining("cost_type")
        .satisfies(e -> assertThat(((SchemaException) e).missingColumns()).containsExactly("cost_type"));
  }

  @Test
  void theFormatIsRegisteredAndRecognizesTheSample() throws IOException {
    ExportFormat format = gcpFormat();
    assertThat(format.provider()).isEqualTo("gcp");
    assertThat(format.source()).isEqualTo("bigquery-export");
    assertThat(format.recognizes(Samples.path(SAMPLE))).isTrue();
    assertThat(format.recognizes(Samples.path("aws-cur/SOURCES.md"))).isFalse();
  }

  static ExportFormat gcpFormat() {
    return ServiceLoader.load(ExportFormat.class).stream().map(ServiceLoader.Provider::get)
        .filter(f -> f.provider().equals("gcp")).findFirst().orElseThrow();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static List<CostRecord> normalizeAll(Path file) throws IOException {
    List<CostRecord> out = new ArrayList<>();
    try (ExportFormat.ExportFile<?> export = gcpFormat().open(file)) {
      ExportFormat.ExportFile raw = export;
      for (Object o : raw) {
        NormalizeResult result = raw.normalizer().normalize((RawRecord) o, null);
        assertThat(result).as(((RawRecord<?>) o).position()).isInstanceOf(NormalizeResult.Accepted.class);
        out.addAll(((NormalizeResult.Accepted) result).records());
      }
    }
    return out;
  }

  static BigDecimal sum(List<CostRecord> records, java.util.function.Function<CostRecord, BigDecimal> f) {
    return records.stream().map(f).filter(java.util.Objects::nonNull).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  static HashSet<String> hashes(List<CostRecord> records) {
    return records.stream().map(CostRecord::xSourceRecordHash).collect(Collectors.toCollection(HashSet::new));
  }
}
