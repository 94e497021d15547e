package io.costfleet.worker.aws.cur;

import static org.assertj.core.api.Assertions.assertThat;

import io.costfleet.model.CostRecord;
import io.costfleet.testing.Samples;
import io.costfleet.validation.RecordValidator;
import io.costfleet.validation.Violation;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Every file of {@code shared/samples/aws-cur/} through the reader and the normalizer.
 *
 * <p>The expected figures were computed independently of this code, with a Python script over
 * the same files ({@code csv} + {@code decimal.Decimal}, sum of {@code lineItem/UnblendedCost}
 * per {@code lineItem/LineItemType}, EffectiveCost = {@code savingsPlan/SavingsPlanEffectiveCost}
 * for SavingsPlanCoveredUsage lines, rows whose field count differs from the header's counted as
 * ragged), and checked by hand against the files for the small ones. Totals are
 * {@code rows/BilledCost/EffectiveCost}.
 */
class CurNormalizerSamplesTest {
  private static final RecordValidator VALIDATOR = new RecordValidator();
  private final CurNormalizer normalizer = new CurNormalizer(VALIDATOR, "USD");

  @AfterAll
  static void close() {
    VALIDATOR.close();
  }

  private CurSamples.Outcome read(String relative) throws Exception {
    return CurSamples.normalize(Samples.path("aws-cur/" + relative), normalizer, "20240101T000000.000Z_test");
  }

  @Test
  void kokuS3LayoutReportFileSumsToTheCent() throws Exception {
    CurSamples.Outcome o = read("koku/s3-layout/my-prefix/my-report/20180801-20180901/"
        + "861af42f-713c-4a42-9562-9158a7625630/my-report-1.csv.gz");
    assertThat(o.headerSize()).isEqualTo(130);
    assertThat(o.rows()).isEqualTo(6190);
    assertThat(o.quarantined()).isZero();
    assertThat(o.totals()).containsExactly(Map.entry("Usage",
        "6190/29684.780682464855373934184/29684.780682464855373934184"));
    Map<String, BigDecimal> perUsageAccount = new TreeMap<>();
    for (CostRecord r : o.accepted()) {
      perUsageAccount.merge(r.subAccountId(), r.billedCost(), BigDecimal::add);
      assertThat(r.billingAccountId()).isEqualTo("4090136019287");
      assertThat(r.invoiceId()).as("not yet invoiced").isNull();
      assertThat(r.serviceCategory()).isEqualTo("Compute");
    }
    assertThat(perUsageAccount).containsExactlyInAnyOrderEntriesOf(Map.of(
        "4664625010408", new BigDecimal("5906.9720815215339745630"),
        "9500737671036", new BigDecimal("5350.26661129367926198063"),
        "2480356159429", new BigDecimal("4674.4704915787907759503"),
        "9494971916841", new BigDecimal("6290.280080028170534493434"),
        "4090136019287", new BigDecimal("7462.79141804268082694682")));
    // The two values in scientific notation, parsed exactly.
    assertThat(o.accepted()).extracting(CostRecord::billedCost)
        .contains(new BigDecimal("0.000044450735368910374"), new BigDecimal("0.0000964666331423359"));
    assertThat(o.accepted()).extracting(CostRecord::xSourceRecordHash).doesNotHaveDuplicates();
  }

  @Test
  void raggedKokuFileIsQuarantinedRowByRow() throws Exception {
    CurSamples.Outcome o = read("koku/test_cur.csv");
    assertThat(o.headerSize()).isEqualTo(131);
    assertThat(o.rows()).isEqualTo(19);
    assertThat(o.quarantined()).isEqualTo(19);
    assertThat(o.accepted()).isEmpty();
    assertThat(o.rejected().get(0)).extracting(Violation::code).containsExactly("Ragged");
    assertThat(o.rejected().get(0).get(0).message()).isEqualTo("row has 130 fields, header has 131");
  }

  @Test
  void savingsPlanCoveredUsageIsAmortizedInNok() throws Exception {
    CurSamples.Outcome o = read("koku/2023-06-01.csv");
    assertThat(o.rows()).isEqualTo(3);
    assertThat(o.quarantined()).isZero();
    assertThat(o.totals()).containsExactly(Map.entry("SavingsPlanCoveredUsage", "3/30/0.3"));
    CostRecord r = o.accepted().get(0);
    assertThat(r.billingCurrency()).isEqualTo("NOK");
    assertThat(r.billingAccountId()).isEqualTo("0099999999999");
    assertThat(r.chargeCategory()).isEqualTo("Usage");
    assertThat(r.pricingCategory()).isEqualTo("Committed");
    assertThat(r.listCost()).isEqualByComparingTo("10");
    assertThat(r.invoiceId()).isEqualTo("987654321");
    assertThat(r.xUsageType()).isEqualTo("BoxUsage:m5.large");
    assertThat(r.regionId()).isEqualTo("us-west-1");
    // costCategory/* columns become tags; the koku "noTags/user:*" columns are not resource tags.
    assertThat(r.tags()).containsEntry("costCategory:cost_env", "prod")
        .containsEntry("costCategory:name", "compute")
        .doesNotContainKey("app").doesNotContainKey("environment");
  }

  @Test
  void notYetInvoicedMonthHasNoInvoiceId() throws Exception {
    CurSamples.Outcome o = read("koku/2023-06-01-not-final.csv");
    assertThat(o.totals()).containsExactly(Map.entry("SavingsPlanCoveredUsage", "3/30/0.3"));
    assertThat(o.accepted()).extracting(CostRecord::invoiceId).containsOnlyNulls();
    assertThat(o.accepted()).extracting(CostRecord::billingAccountId).containsOnly("9999999999999");
  }

  @Test
  void athenaSnakeCaseMarketplaceLine() throws Exception {
    CurSamples.Outcome o = read("koku/2022-07-01-alt-columns.csv");
    assertThat(o.rows()).isEqualTo(2);
    assertThat(o.quarantined()).isZero();
    assertThat(o.totals()).containsExactly(Map.entry("Usage", "2/0/0"));
    CostRecord r = o.accepted().get(0);
    assertThat(r.publisherName()).isEqualTo("Red Hat, Inc.");
    assertThat(r.invoiceIssuerName()).isEqualTo("Amazon Web Services, Inc.");
    assertThat(r.serviceName()).isEqualTo("Red Hat® Enterprise Linux®");
    assertThat(r.serviceCategory()).isEqualTo("Other");
    assertThat(r.regionId()).isEqualTo("us-east-1");
    assertThat(r.skuPriceId()).isEqualTo("52KUDV3HNNAWJGTF.4799GE89SK.6YS6EN2CT7");
    assertThat(r.tags()).containsEntry("aws:created_by", "IAMUser:fake:and");
    assertThat(r.chargePeriodStart()).hasToString("2022-07-01T00:00:00Z");
    // The two rows share the anonymized line item id "notreal" but not the time interval.
    assertThat(o.accepted()).extracting(CostRecord::xSourceRecordHash).doesNotHaveDuplicates();
  }

  @Test
  void headerOnlyFileHasNoRows() throws Exception {
    CurSamples.Outcome o = read("koku/empty_frame.csv");
    assertThat(o.headerSize()).isEqualTo(201);
    assertThat(o.rows()).isZero();
    assertThat(o.quarantined()).isZero();
  }

  @Test
  void sparseCur2FivetranSeedIsQuarantinedWithReasons() throws Exception {
    CurSamples.Outcome o = read("fivetran-dbt/aws_cost_report.csv");
    assertThat(o.rows()).isEqualTo(20);
    // Every row lacks the cost, the currency and the usage dates: nothing is guessed.
    assertThat(o.quarantined()).isEqualTo(20);
    for (List<Violation> reasons : o.rejected()) {
      assertThat(reasons).extracting(Violation::field)
          .contains("ChargeCategory", "BilledCost", "BillingCurrency", "ChargePeriodStart");
    }
  }

  @Test
  void keboolaLegacyCsvAndItsZipAreTheSame() throws Exception {
    CurSamples.Outcome csv = read("keboola/cur1/sample_billing_data.csv");
    CurSamples.Outcome zip = read("keboola/cur1/MockTestReport-00001.csv.zip");
    assertThat(csv.totals()).containsExactly(Map.entry("Usage", "3/0.045152/0.045152"));
    assertThat(zip.totals()).isEqualTo(csv.totals());
    assertThat(zip.quarantined()).isZero();
    assertThat(hashes(zip.accepted())).isEqualTo(hashes(csv.accepted()));
  }

  @Test
  void keboolaCur2CsvAndItsGzipAreTheSame() throws Exception {
    CurSamples.Outcome csv = read("keboola/cur2/sample_billing_data_v2.csv");
    CurSamples.Outcome gz = read("keboola/cur2/MockTestReportV2-00001.csv.gz");
    assertThat(csv.totals()).containsExactly(Map.entry("Usage", "4/0.108304/0.108304"));
    assertThat(gz.totals()).isEqualTo(csv.totals());
    assertThat(gz.quarantined()).isZero();
    CostRecord s3 = csv.accepted().get(2);
    assertThat(s3.serviceCategory()).isEqualTo("Storage");
    assertThat(s3.resourceId()).isNull();
  }

  @Test
  void legacyAndCur2NamingOfTheSameRowsGiveTheSameRecords() throws Exception {
    CurSamples.Outcome legacy = read("aws-cur-anonymize/sample-legacy-csv.csv");
    CurSamples.Outcome cur2 = read("aws-cur-anonymize/sample-cur20.csv");
    // No lineItem/LineItemType column: read as Usage; no currency column: the configured default.
    assertThat(legacy.totals()).containsExactly(Map.entry("(none)", "4/0.0652/0.0652"));
    assertThat(cur2.totals()).isEqualTo(legacy.totals());
    assertThat(legacy.accepted()).extracting(CostRecord::billingCurrency).containsOnly("USD");
    assertThat(hashes(cur2.accepted())).isEqualTo(hashes(legacy.accepted()));
    assertThat(withoutPosition(cur2.accepted())).isEqualTo(withoutPosition(legacy.accepted()));
  }

  @Test
  void reportWithoutCurrencyColumnIsQuarantinedWhenNoDefaultIsConfigured() throws Exception {
    CurSamples.Outcome o = CurSamples.normalize(Samples.path("aws-cur/aws-cur-anonymize/sample-cur20.csv"),
        new CurNormalizer(VALIDATOR, null), null);
    assertThat(o.quarantined()).isEqualTo(4);
    assertThat(o.rejected().get(0)).extracting(Violation::field).containsExactly("BillingCurrency");
  }

  private static List<String> hashes(List<CostRecord> records) {
    return records.stream().map(CostRecord::xSourceRecordHash).toList();
  }

  private static List<CostRecord> withoutPosition(List<CostRecord> records) {
    return records.stream().map(r -> r.toBuilder().xSourcePosition(null).build()).toList();
  }
}
