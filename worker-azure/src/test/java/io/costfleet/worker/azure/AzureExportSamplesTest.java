package io.costfleet.worker.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.costfleet.model.CostRecord;
import io.costfleet.source.ExportFormat;
import io.costfleet.source.NormalizeContext;
import io.costfleet.source.NormalizeResult;
import io.costfleet.source.RawRecord;
import io.costfleet.source.csv.CsvReader;
import io.costfleet.source.csv.CsvRow;
import io.costfleet.testing.Samples;
import io.costfleet.validation.RecordValidator;
import io.costfleet.validation.Violation;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Every cost file in {@code shared/samples/azure}: its header set and spelling, rows, staged and
 * quarantined counts, and totals to the cent.
 *
 * <p>The expected totals were computed independently of this code, with Python's {@code csv} and
 * {@code decimal} modules over the raw files (utf-8-sig): BilledCost = sum of the file's cost
 * column ({@code Cost}, {@code CostInBillingCurrency}, {@code PreTaxCost} in any spelling); for
 * the actual EA file EffectiveCost excludes rows with ChargeType Purchase and PricingModel
 * Reservation/SavingsPlan; for the amortized EA file BilledCost excludes rows with PricingModel
 * Reservation/SavingsPlan. They are exact sums, not rounded.
 */
class AzureExportSamplesTest {
  private static final RecordValidator VALIDATOR = new RecordValidator();

  @AfterAll
  static void close() {
    VALIDATOR.close();
  }

  record Outcome(AzureExportSchema schema, int rows, List<CostRecord> staged, List<List<Violation>> quarantined) {
    BigDecimal billed() {
      return staged.stream().map(CostRecord::billedCost).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    BigDecimal effective() {
      return staged.stream().map(CostRecord::effectiveCost).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
  }

  static Outcome read(String relative, String defaultCurrency) throws IOException {
    Path file = Samples.path("azure/" + relative);
    AzureExportNormalizers normalizers = new AzureExportNormalizers(
        new AzureExportOptions(AzureExportOptions.SOURCE, defaultCurrency), PricingUnits.load(), VALIDATOR);
    AzureExportFormat format = new AzureExportFormat(normalizers);
    assertThat(format.recognizes(file)).as("recognizes %s", relative).isTrue();
    AzureExportSchema schema;
    try (CsvReader reader = CsvReader.open(Files.newInputStream(file), relative)) {
      schema = AzureExportSchema.of(reader.header());
    }
    List<CostRecord> staged = new ArrayList<>();
    List<List<Violation>> quarantined = new ArrayList<>();
    int rows = 0;
    try (ExportFormat.ExportFile<CsvRow> export = format.open(file)) {
      for (RawRecord<CsvRow> raw : export) {
        rows++;
        NormalizeResult result = export.normalizer().normalize(raw, new NormalizeContext(null, export.sourceVersion()));
        if (result instanceof NormalizeResult.Accepted a) {
          staged.addAll(a.records());
        } else {
          quarantined.add(((NormalizeResult.Rejected) result).violations());
        }
      }
    }
    Set<String> keys = new HashSet<>();
    for (CostRecord r : staged) {
      assertThat(VALIDATOR.validate(r)).as("staged record is valid FOCUS").isEmpty();
      assertThat(keys.add(r.xSourceRecordHash())).as("dedupe keys are distinct within a file").isTrue();
      assertThat(r.xProvider()).isEqualTo("azure");
      assertThat(r.providerName()).isEqualTo("Microsoft");
    }
    return new Outcome(schema, rows, staged, quarantined);
  }

  static Outcome read(String relative) throws IOException {
    return read(relative, null);
  }

  private static BigDecimal d(String s) {
    return new BigDecimal(s);
  }

  @Test
  void eaActualCostBillsTheReservationPurchaseButLeavesItsEffectiveCostToAmortization() throws IOException {
    Outcome o = read("finops-toolkit/EA_ActualCost_Small.csv");
    assertThat(o.schema().headerSet()).isEqualTo(AzureHeaderSet.EA);
    assertThat(o.schema().dialect()).isEqualTo(HeaderDialect.PASCAL_CASE);
    assertThat(o.rows()).isEqualTo(11);
    assertThat(o.staged()).hasSize(11);
    assertThat(o.billed()).isEqualByComparingTo(d("8.5450077867419368"));
    assertThat(o.effective()).isEqualByComparingTo(d("5.2950077867419368"));
    CostRecord purchase = o.staged().stream().filter(r -> r.chargeCategory().equals("Purchase")).findFirst().orElseThrow();
    assertThat(purchase.billedCost()).isEqualByComparingTo("3.25");
    assertThat(purchase.effectiveCost()).isZero();
    assertThat(purchase.commitmentDiscountType()).isEqualTo("Reservation");
    assertThat(purchase.chargeFrequency()).isEqualTo("Recurring");
    CostRecord blob = o.staged().stream().filter(r -> "AAD-37090".equals(r.skuId())).findFirst().orElseThrow();
    // EA tags come without the outer braces.
    assertThat(blob.tags()).containsEntry("CostCenter", "1234").containsEntry("databricks-environment", "true");
    // "10K": 0.0004 blocks of 10,000 operations.
    assertThat(blob.pricingQuantity()).isEqualByComparingTo("4");
    assertThat(blob.pricingUnit()).isEqualTo("Units");
    assertThat(blob.chargePeriodStart()).hasToString("2023-09-04T00:00:00Z");
    assertThat(blob.billingPeriodStart()).hasToString("2023-09-01T00:00:00Z");
    assertThat(blob.billingPeriodEnd()).hasToString("2023-10-01T00:00:00Z");
    assertThat(blob.regionId()).isEqualTo("eastus2");
    assertThat(blob.billingAccountId()).isEqualTo("8611537");
  }

  @Test
  void eaAmortizedCostDoesNotBillCommitmentCoveredUsage() throws IOException {
    Outcome o = read("finops-toolkit/EA_AmortizedCost_Small.csv");
    assertThat(o.schema().headerSet()).isEqualTo(AzureHeaderSet.EA);
    assertThat(o.rows()).isEqualTo(28);
    assertThat(o.staged()).hasSize(28);
    assertThat(o.effective()).isEqualByComparingTo(d("16.29693213663664462748541900"));
    assertThat(o.billed()).isEqualByComparingTo(d("15.79778013616864462748541900"));
    CostRecord reserved = o.staged().stream().filter(r -> "Reservation".equals(r.commitmentDiscountType()))
        .findFirst().orElseThrow();
    assertThat(reserved.effectiveCost()).isEqualByComparingTo("0.493152");
    assertThat(reserved.billedCost()).isZero();
    assertThat(reserved.commitmentDiscountStatus()).isEqualTo("Used");
    assertThat(reserved.commitmentDiscountCategory()).isEqualTo("Usage");
    assertThat(reserved.pricingCategory()).isEqualTo("Committed");
    CostRecord savingsPlan = o.staged().stream().filter(r -> "Savings Plan".equals(r.commitmentDiscountType()))
        .findFirst().orElseThrow();
    assertThat(savingsPlan.commitmentDiscountCategory()).isEqualTo("Spend");
    assertThat(savingsPlan.commitmentDiscountId()).startsWith("/providers/Microsoft.BillingBenefits/savingsPlanOrders/");
    assertThat(savingsPlan.billedCost()).isZero();
    assertThat(savingsPlan.effectiveCost()).isEqualByComparingTo("0.006000000468");
  }

  @Test
  void headerOnlyFilesHaveNoRows() throws IOException {
    Outcome ea = read("finops-toolkit/EA_NoRows.csv");
    assertThat(ea.schema().headerSet()).isEqualTo(AzureHeaderSet.EA);
    assertThat(ea.rows()).isZero();
    Outcome payg = read("koku/empty_frame.csv");
    assertThat(payg.schema().headerSet()).isEqualTo(AzureHeaderSet.PAYG);
    assertThat(payg.rows()).isZero();
  }

  @Test
  void legacyPayAsYouGoInPascalAndCamelCase() throws IOException {
    Outcome pascal = read("koku/costreport_a243c6f2-199f-4074-9a2c-40e671cf1584.csv");
    assertThat(pascal.schema().headerSet()).isEqualTo(AzureHeaderSet.PAYG);
    assertThat(pascal.schema().dialect()).isEqualTo(HeaderDialect.PASCAL_CASE);
    assertThat(pascal.staged()).hasSize(3);
    assertThat(pascal.billed()).isEqualByComparingTo(d("0.00011016"));
    assertThat(pascal.staged().get(0).billingAccountId()).isEqualTo("0039de71-ca37-4a17-a104-17665a50e7fc");
    assertThat(pascal.staged().get(0).tags()).containsEntry("project", "p1");
    assertThat(pascal.staged().get(1).chargePeriodStart()).hasToString("2019-07-28T00:00:00Z");

    Outcome camel = read("koku/azure_camelCased.csv");
    assertThat(camel.schema().headerSet()).isEqualTo(AzureHeaderSet.PAYG);
    assertThat(camel.schema().dialect()).isEqualTo(HeaderDialect.CAMEL_CASE);
    assertThat(camel.staged()).hasSize(3);
    assertThat(camel.billed()).isEqualByComparingTo(d("0.00011016"));

    Outcome opencost = read("opencost/headersets/PayAsYouGo.csv");
    assertThat(opencost.schema().headerSet()).isEqualTo(AzureHeaderSet.PAYG);
    assertThat(opencost.billed()).isEqualByComparingTo(d("0.075"));
    // "100 Hours": 3 blocks of 100 hours.
    assertThat(opencost.staged().get(0).pricingQuantity()).isEqualByComparingTo("300");
    assertThat(opencost.staged().get(0).pricingUnit()).isEqualTo("Hours");
    assertThat(opencost.staged().get(0).serviceCategory()).isEqualTo("Networking");
  }

  @Test
  void aBomFileWithAnEmptyRowQuarantinesItWithEveryReason() throws IOException {
    Outcome o = read("opencost/headersets/BOM.csv");
    assertThat(o.schema().headerSet()).isEqualTo(AzureHeaderSet.PAYG);
    assertThat(o.staged()).isEmpty();
    assertThat(o.quarantined()).hasSize(1);
    assertThat(o.quarantined().get(0)).extracting(Violation::field)
        .contains("BilledCost", "BillingAccountId", "BillingCurrency", "ServiceName");
  }

  @Test
  void eaV2WithANonIsoCurrencyIsQuarantined() throws IOException {
    Outcome o = read("koku/azure_version_2.csv");
    assertThat(o.schema().headerSet()).isEqualTo(AzureHeaderSet.EA);
    assertThat(o.rows()).isEqualTo(5);
    assertThat(o.staged()).isEmpty();
    assertThat(o.quarantined()).hasSize(5).allSatisfy(v -> assertThat(v)
        .anySatisfy(x -> {
          assertThat(x.field()).isEqualTo("BillingCurrency");
          assertThat(x.rejectedValue()).isEqualTo("MC");
        }));
  }

  @Test
  void mcaCamelCaseUsesTheBillingProfileAndKeepsFullPrecision() throws IOException {
    Outcome o = read("koku/camel_azure_version_2.csv");
    assertThat(o.schema().headerSet()).isEqualTo(AzureHeaderSet.MCA);
    assertThat(o.schema().dialect()).isEqualTo(HeaderDialect.CAMEL_CASE);
    assertThat(o.staged()).hasSize(4);
    assertThat(o.billed()).isEqualByComparingTo(d("0.0000262412"));
    CostRecord last = o.staged().get(3);
    assertThat(last.billingAccountId()).isEqualTo("NF5V-BI6B-BG7-PGB");
    assertThat(last.billingAccountName()).isEqualTo("HCE R&D Content, Subscriptions & Insights (CC 734)");
    assertThat(last.billedCost()).isEqualByComparingTo("0.000000144");
    assertThat(last.pricingCurrency()).isEqualTo("USD");
    assertThat(last.pricingCurrencyEffectiveCost()).isEqualByComparingTo("0.000000144");
    assertThat(last.tags()).containsEntry("project", "p1");
    assertThat(last.resourceId()).endsWith("/storageAccounts/costmgmtdiag");
    assertThat(last.skuId()).isEqualTo("DZH318Z0BNZH006F");
    assertThat(last.billingPeriodStart()).hasToString("2023-08-01T00:00:00Z");
  }

  @Test
  void enterpriseHeaderSetWithBracelessTagsAndAReservationCoveredRow() throws IOException {
    Outcome o = read("opencost/headersets/Enterprise.csv");
    assertThat(o.schema().headerSet()).isEqualTo(AzureHeaderSet.EA);
    assertThat(o.staged()).hasSize(1);
    CostRecord r = o.staged().get(0);
    assertThat(r.billedCost()).isZero();
    assertThat(r.billingCurrency()).isEqualTo("CAD");
    assertThat(r.tags()).hasSize(5).containsEntry("poolName", "defaultpool");
    assertThat(r.commitmentDiscountType()).isEqualTo("Reservation");
    assertThat(r.xUsageType()).isEqualTo("ComputeHR");
    assertThat(r.billingPeriodEnd()).hasToString("2021-06-01T00:00:00Z");
  }

  @Test
  void partnerMcaCamelCase() throws IOException {
    Outcome o = read("opencost/headersets/EnterpriseCamel.csv");
    assertThat(o.schema().headerSet()).isEqualTo(AzureHeaderSet.MCA_PARTNER);
    assertThat(o.schema().dialect()).isEqualTo(HeaderDialect.CAMEL_CASE);
    assertThat(o.staged()).hasSize(1);
    CostRecord r = o.staged().get(0);
    assertThat(r.billedCost()).isEqualByComparingTo("0.012");
    assertThat(r.invoiceIssuerName()).isEqualTo("PartnerName");
    assertThat(r.tags()).hasSize(7).containsEntry("Vendor", "Databricks");
    assertThat(r.pricingQuantity()).isEqualByComparingTo("3");
    assertThat(r.pricingUnit()).isEqualTo("Hours");
  }

  @Test
  void localizedHeadersAreReadByTheirEnglishNames() throws IOException {
    Outcome o = read("opencost/headersets/YA.csv");
    assertThat(o.schema().dialect()).isEqualTo(HeaderDialect.LOCALIZED);
    assertThat(o.schema().headerSet()).isEqualTo(AzureHeaderSet.PAYG);
    assertThat(o.staged()).hasSize(1);
    CostRecord r = o.staged().get(0);
    assertThat(r.billedCost()).isEqualByComparingTo("0.075");
    assertThat(r.pricingUnit()).isEqualTo("Hours");
    assertThat(r.pricingQuantity()).isEqualByComparingTo("300");
    assertThat(r.chargePeriodStart()).hasToString("2021-02-02T00:00:00Z");
    assertThat(r.serviceSubcategory()).isEqualTo("Standard");
  }

  @Test
  void reducedFilesWithoutACurrencyColumnNeedADefaultCurrency() throws IOException {
    Outcome without = read("opencost/values/MissingBrackets.csv");
    assertThat(without.schema().headerSet()).isEqualTo(AzureHeaderSet.GENERIC);
    assertThat(without.schema().dialect()).isEqualTo(HeaderDialect.MIXED_CASE);
    assertThat(without.quarantined()).hasSize(1);
    assertThat(without.quarantined().get(0)).extracting(Violation::field).contains("BillingCurrency");

    Outcome brackets = read("opencost/values/MissingBrackets.csv", "USD");
    assertThat(brackets.staged()).hasSize(1);
    CostRecord r = brackets.staged().get(0);
    assertThat(r.billedCost()).isEqualByComparingTo("4");
    assertThat(r.listCost()).isEqualByComparingTo("5");
    assertThat(r.tags()).containsEntry("resourceNameSuffix", "12345678").hasSize(3);

    Outcome vm = read("opencost/values/VirtualMachine.csv", "USD");
    assertThat(vm.staged()).hasSize(1);
    assertThat(vm.billed()).isEqualByComparingTo("4");
    assertThat(vm.staged().get(0).tags()).containsEntry("aksEngineVersion", "aks-release-v0.47.0-1-aks");
    assertThat(vm.staged().get(0).billingAccountId()).isEqualTo("11111111-12ab-34dc-56ef-123456billing");
  }

  @Test
  void raggedRowsAreAllQuarantined() throws IOException {
    Outcome o = read("opencost/values/Template.csv", "USD");
    assertThat(o.rows()).isEqualTo(87);
    assertThat(o.staged()).isEmpty();
    assertThat(o.quarantined()).hasSize(87)
        .allSatisfy(v -> assertThat(v).extracting(Violation::code).contains("Ragged"));
  }

  @Test
  void theServiceLoaderFindsTheFormatAndItRecognizesOnlyAzureCostFiles() throws IOException {
    ExportFormat format = ServiceLoader.load(ExportFormat.class).stream().map(ServiceLoader.Provider::get)
        .filter(f -> f.provider().equals("azure")).findFirst().orElseThrow();
    assertThat(format.source()).isEqualTo("cost-export");
    List<Path> azure;
    try (Stream<Path> files = Files.walk(Samples.path("azure"))) {
      azure = files.filter(p -> p.toString().endsWith(".csv")).toList();
    }
    assertThat(azure).hasSize(17);
    for (Path p : azure) {
      boolean expected = !p.getFileName().toString().equals("PricingUnits.csv");
      assertThat(format.recognizes(p)).as("%s", p).isEqualTo(expected);
    }
    assertThat(format.recognizes(Samples.path("aws-cur/aws-cur-anonymize/sample-cur20.csv"))).isFalse();
    assertThat(format.recognizes(Samples.path("aws-cur/fivetran-dbt/aws_cost_report.csv"))).isFalse();
  }
}
