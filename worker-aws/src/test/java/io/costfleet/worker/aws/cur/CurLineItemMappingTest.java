package io.costfleet.worker.aws.cur;

import static org.assertj.core.api.Assertions.assertThat;

import io.costfleet.model.CostRecord;
import io.costfleet.source.NormalizeResult;
import io.costfleet.source.RawRecord;
import io.costfleet.source.csv.CsvReader;
import io.costfleet.source.csv.CsvRow;
import io.costfleet.validation.RecordValidator;
import io.costfleet.validation.Violation;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** One line per CUR line item type, with amortization columns, mapped to FOCUS. */
class CurLineItemMappingTest {
  private static final RecordValidator VALIDATOR = new RecordValidator();
  private static final String HEADER = "identity/LineItemId,identity/TimeInterval,bill/InvoiceId,bill/BillingEntity,"
      + "bill/BillType,bill/PayerAccountId,bill/BillingPeriodStartDate,bill/BillingPeriodEndDate,"
      + "lineItem/UsageAccountId,lineItem/LineItemType,lineItem/UsageStartDate,lineItem/UsageEndDate,"
      + "lineItem/ProductCode,lineItem/UsageType,lineItem/UsageAmount,lineItem/CurrencyCode,lineItem/UnblendedRate,"
      + "lineItem/UnblendedCost,lineItem/LineItemDescription,pricing/publicOnDemandCost,pricing/term,pricing/unit,"
      + "reservation/ReservationARN,reservation/EffectiveCost,reservation/UnusedAmortizedUpfrontFeeForBillingPeriod,"
      + "reservation/UnusedRecurringFee,savingsPlan/SavingsPlanARN,savingsPlan/SavingsPlanEffectiveCost,"
      + "savingsPlan/TotalCommitmentToDate,savingsPlan/UsedCommitment,resourceTags/user:cost_center,"
      + "resourceTags/aws:createdBy";
  private static final String P = "2024-03-01T00:00:00Z,2024-04-01T00:00:00Z,222222222222,";
  private static final String RI = "arn:aws:ec2:us-east-1:111111111111:reserved-instances/ri-1";
  private static final String SP = "arn:aws:savingsplans::111111111111:savingsplan/sp-1";

  private final CurNormalizer normalizer = new CurNormalizer(VALIDATOR, null);

  @AfterAll
  static void close() {
    VALIDATOR.close();
  }

  private static String line(String id, String type, String start, String end, String cost, String rest) {
    return id + ",," + "INV-1,AWS,Anniversary,111111111111," + P + type + "," + start + "," + end
        + ",AmazonEC2,BoxUsage:m5.large,1,USD,0.096," + cost + ",desc," + rest;
  }

  private List<NormalizeResult> normalize(String... lines) throws Exception {
    String csv = HEADER + "\n" + String.join("\n", lines) + "\n";
    List<NormalizeResult> out = new ArrayList<>();
    try (CsvReader reader = CsvReader.open(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "t.csv")) {
      for (CsvRow row : reader) {
        out.add(normalizer.normalize(new RawRecord<>(row.position(), new CurRow(row, "v1")), null));
      }
    }
    return out;
  }

  private CostRecord accepted(String line) throws Exception {
    NormalizeResult r = normalize(line).get(0);
    assertThat(r).as("%s", r).isInstanceOf(NormalizeResult.Accepted.class);
    return ((NormalizeResult.Accepted) r).records().get(0);
  }

  private static final String H0 = "2024-03-05T10:00:00Z";
  private static final String H1 = "2024-03-05T11:00:00Z";
  private static final String M0 = "2024-03-01T00:00:00Z";
  private static final String M1 = "2024-04-01T00:00:00Z";

  @Test
  void usageIsUsageAtOnDemandRates() throws Exception {
    CostRecord r = accepted(line("a", "Usage", H0, H1, "0.096", "0.096,OnDemand,Hrs,,,,,,,,,cc-1,alice"));
    assertThat(r.chargeCategory()).isEqualTo("Usage");
    assertThat(r.chargeFrequency()).isEqualTo("Usage-Based");
    assertThat(r.pricingCategory()).isEqualTo("Standard");
    assertThat(r.billedCost()).isEqualByComparingTo("0.096");
    assertThat(r.effectiveCost()).isEqualByComparingTo("0.096");
    assertThat(r.listCost()).isEqualByComparingTo("0.096");
    assertThat(r.consumedQuantity()).isEqualByComparingTo("1");
    assertThat(r.consumedUnit()).isEqualTo("Hrs");
    assertThat(r.chargeClass()).isNull();
    assertThat(r.tags()).containsEntry("cost_center", "cc-1").containsEntry("aws:createdBy", "alice");
    assertThat(r.xSourceVersion()).isEqualTo("v1");
    assertThat(r.xProvider()).isEqualTo("aws");
    assertThat(r.xSource()).isEqualTo("cur");
  }

  @Test
  void reservedInstanceLinesAreAmortized() throws Exception {
    CostRecord used = accepted(line("b", "DiscountedUsage", H0, H1, "0", "0.096,Reserved,Hrs," + RI + ",0.06,,,,,,,,"));
    assertThat(used.chargeCategory()).isEqualTo("Usage");
    assertThat(used.billedCost()).isEqualByComparingTo("0");
    assertThat(used.effectiveCost()).isEqualByComparingTo("0.06");
    assertThat(used.listCost()).isEqualByComparingTo("0.096");
    assertThat(used.pricingCategory()).isEqualTo("Committed");
    assertThat(used.commitmentDiscountId()).isEqualTo(RI);
    assertThat(used.commitmentDiscountCategory()).isEqualTo("Usage");
    assertThat(used.commitmentDiscountStatus()).isEqualTo("Used");

    CostRecord fee = accepted(line("c", "RIFee", M0, M1, "43.8", ",Reserved,Hrs," + RI + ",,4.5,1.25,,,,,,"));
    assertThat(fee.chargeCategory()).isEqualTo("Purchase");
    assertThat(fee.chargeFrequency()).isEqualTo("Recurring");
    assertThat(fee.billedCost()).isEqualByComparingTo("43.8");
    assertThat(fee.effectiveCost()).as("unused upfront + unused recurring").isEqualByComparingTo("5.75");
    assertThat(fee.listCost()).as("no list price: the billed amount").isEqualByComparingTo("43.8");

    CostRecord upfront = accepted(line("d", "Fee", M0, M1, "500", ",,," + RI + ",,,,,,,,,"));
    assertThat(upfront.chargeCategory()).isEqualTo("Purchase");
    assertThat(upfront.chargeFrequency()).isEqualTo("One-Time");
    assertThat(upfront.effectiveCost()).as("amortized into DiscountedUsage").isEqualByComparingTo("0");
  }

  @Test
  void savingsPlanLinesAreAmortized() throws Exception {
    CostRecord covered = accepted(line("e", "SavingsPlanCoveredUsage", H0, H1, "0.096",
        "0.096,OnDemand,Hrs,,,,," + SP + ",0.07,,,,"));
    assertThat(covered.effectiveCost()).isEqualByComparingTo("0.07");
    assertThat(covered.commitmentDiscountCategory()).isEqualTo("Spend");
    assertThat(covered.commitmentDiscountType()).isEqualTo("Savings Plan");

    CostRecord negation = accepted(line("f", "SavingsPlanNegation", H0, H1, "-0.096", ",,,,,,," + SP + ",,,,,"));
    assertThat(negation.chargeCategory()).isEqualTo("Usage");
    assertThat(negation.billedCost()).isEqualByComparingTo("-0.096");
    assertThat(negation.effectiveCost()).isEqualByComparingTo("0");

    CostRecord recurring = accepted(line("g", "SavingsPlanRecurringFee", M0, M1, "72", ",,,,,,," + SP + ",,72,69.5,,"));
    assertThat(recurring.chargeCategory()).isEqualTo("Purchase");
    assertThat(recurring.effectiveCost()).as("unused commitment").isEqualByComparingTo("2.5");
    // Covered usage + negation + recurring fee: billed = the fee, effective = what was used + unused.
    assertThat(covered.billedCost().add(negation.billedCost()).add(recurring.billedCost())).isEqualByComparingTo("72");
    assertThat(covered.effectiveCost().add(negation.effectiveCost()).add(recurring.effectiveCost()))
        .isEqualByComparingTo("2.57");
  }

  @Test
  void taxCreditRefundAndDiscounts() throws Exception {
    assertThat(accepted(line("h", "Tax", M0, M1, "12.5", ",,,,,,,,,,,,")).chargeCategory()).isEqualTo("Tax");
    CostRecord credit = accepted(line("i", "Credit", M0, M1, "-10", ",,,,,,,,,,,,"));
    assertThat(credit.chargeCategory()).isEqualTo("Credit");
    assertThat(credit.effectiveCost()).isEqualByComparingTo("-10");
    CostRecord bundled = accepted(line("j", "BundledDiscount", H0, H1, "-0.01", ",,,,,,,,,,,,"));
    assertThat(bundled.chargeCategory()).isEqualTo("Usage");
    assertThat(bundled.pricingCategory()).isNull();
    // A refund of February usage on the March bill corrects a previous period.
    CostRecord refund = accepted(line("k", "Refund", "2024-02-10T00:00:00Z", "2024-02-11T00:00:00Z", "-3",
        ",,,,,,,,,,,,"));
    assertThat(refund.chargeCategory()).isEqualTo("Credit");
    assertThat(refund.chargeClass()).isEqualTo("Correction");
    assertThat(refund.chargeFrequency()).isEqualTo("One-Time");
  }

  @Test
  void badRowsAreRejectedWithEveryReason() throws Exception {
    List<NormalizeResult> results = normalize(
        line("l", "Usage", "yesterday", H1, "1.2.3", ",,,,,,,,,,,,"),
        line("m", "MysteryCharge", H0, H1, "1", ",,,,,,,,,,,,"),
        line("n", "DiscountedUsage", H0, H1, "0", ",,," + RI + ",,,,,,,,,"),
        line("o", "Usage", H0, H1, "1", ",,,,,,,,,,,,").replace(",USD,", ",,"),
        "p,too,short");
    assertThat(violations(results.get(0))).extracting(Violation::field)
        .containsExactlyInAnyOrder("BilledCost", "ChargePeriodStart");
    assertThat(violations(results.get(1))).extracting(Violation::code).containsExactly("UnknownLineItemType");
    assertThat(violations(results.get(2))).extracting(Violation::message)
        .containsExactly("a DiscountedUsage line needs reservation/effectivecost");
    assertThat(violations(results.get(3))).extracting(Violation::field).containsExactly("BillingCurrency");
    assertThat(violations(results.get(4))).extracting(Violation::code).containsExactly("Ragged");
  }

  @Test
  void scientificNotationIsExact() throws Exception {
    CostRecord r = accepted(line("q", "Usage", H0, H1, "1.81E-8", "2.5e-3,OnDemand,Hrs,,,,,,,,,,"));
    assertThat(r.billedCost()).isEqualTo(new java.math.BigDecimal("1.81E-8"));
    assertThat(r.billedCost().toPlainString()).isEqualTo("0.0000000181");
    assertThat(r.listCost().toPlainString()).isEqualTo("0.0025");
  }

  private static List<Violation> violations(NormalizeResult r) {
    assertThat(r).isInstanceOf(NormalizeResult.Rejected.class);
    return ((NormalizeResult.Rejected) r).violations();
  }
}
