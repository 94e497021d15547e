package io.costfleet.worker.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.costfleet.model.CostRecord;
import io.costfleet.source.NormalizeContext;
import io.costfleet.source.NormalizeResult;
import io.costfleet.source.RawRecord;
import io.costfleet.source.csv.CsvReader;
import io.costfleet.source.csv.CsvRow;
import io.costfleet.validation.RecordValidator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Charge kinds the samples do not have (refunds, unused commitments, a pricing currency other than
 * the billing one), written as MCA rows in the documented MCA column layout.
 */
class AzureExportNormalizerTest {
  private static final RecordValidator VALIDATOR = new RecordValidator();
  private static final String HEADER = "billingAccountId,billingProfileId,billingProfileName,invoiceId,previousInvoiceId,"
      + "subscriptionId,date,billingPeriodStartDate,billingPeriodEndDate,meterId,meterCategory,productName,quantity,"
      + "unitOfMeasure,unitPrice,payGPrice,chargeType,frequency,pricingModel,benefitId,benefitName,billingCurrency,"
      + "pricingCurrency,costInBillingCurrency,costInPricingCurrency,consumedService,resourceId,tags\n";

  @AfterAll
  static void close() {
    VALIDATOR.close();
  }

  static List<NormalizeResult> normalize(CostMetric metric, String... rows) throws IOException {
    String csv = HEADER + String.join("\n", rows) + "\n";
    try (CsvReader reader = CsvReader.open(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), "t.csv")) {
      AzureExportNormalizer n = (AzureExportNormalizer) new AzureExportNormalizers(AzureExportOptions.defaults(),
          PricingUnits.load(), VALIDATOR).forHeader(reader.header(), metric, "t.csv");
      assertThat(n.schema().headerSet()).isEqualTo(AzureHeaderSet.MCA);
      List<NormalizeResult> out = new ArrayList<>();
      for (CsvRow row : reader) {
        out.add(n.normalize(new RawRecord<>(row.position(), row), new NormalizeContext(null, "v1")));
      }
      return out;
    }
  }

  static CostRecord accepted(NormalizeResult r) {
    assertThat(r).isInstanceOf(NormalizeResult.Accepted.class);
    return ((NormalizeResult.Accepted) r).records().get(0);
  }

  @Test
  void aRefundIsANegativeCorrectionOfAPurchase() throws IOException {
    CostRecord refund = accepted(normalize(CostMetric.ACTUAL_COST,
        "ba,BP-1,Profile,INV-2,INV-1,sub-1,10/03/2024,10/01/2024,10/31/2024,m1,Virtual Machines,"
            + "Reserved VM Instance,1,1 Hour,-120.5,0,Refund,OneTime,Reservation,"
            + "/providers/Microsoft.Capacity/reservationOrders/o1/reservations/r1,ri-1,USD,USD,-120.5,-120.5,"
            + "Microsoft.Capacity,/providers/Microsoft.Capacity/reservationOrders/o1/reservations/r1,").get(0));
    assertThat(refund.billedCost()).isEqualByComparingTo("-120.5");
    assertThat(refund.effectiveCost()).isZero();
    assertThat(refund.chargeCategory()).isEqualTo("Purchase");
    assertThat(refund.chargeClass()).isEqualTo("Correction");
    assertThat(refund.chargeFrequency()).isEqualTo("One-Time");
    assertThat(refund.billingAccountId()).isEqualTo("BP-1");
    assertThat(refund.invoiceId()).isEqualTo("INV-2");
  }

  @Test
  void aNegativeUsageCorrectionOnAPreviousInvoiceIsKeptNegative() throws IOException {
    CostRecord credit = accepted(normalize(CostMetric.ACTUAL_COST,
        "ba,BP-1,Profile,INV-2,INV-1,sub-1,10/03/2024,10/01/2024,10/31/2024,m1,Storage,Blob,-2,1 GB/Month,0.02,"
            + "0.02,Usage,UsageBased,OnDemand,,,USD,USD,-0.04,-0.04,Microsoft.Storage,/subscriptions/sub-1/x,").get(0));
    assertThat(credit.billedCost()).isEqualByComparingTo("-0.04");
    assertThat(credit.effectiveCost()).isEqualByComparingTo("-0.04");
    assertThat(credit.chargeClass()).isEqualTo("Correction");
    assertThat(credit.chargeCategory()).isEqualTo("Usage");
    assertThat(credit.pricingQuantity()).isEqualByComparingTo("-2");
  }

  @Test
  void unusedSavingsPlanInAmortizedCostIsEffectiveButNotBilled() throws IOException {
    CostRecord unused = accepted(normalize(CostMetric.AMORTIZED_COST,
        "ba,BP-1,Profile,,,sub-1,10/03/2024,10/01/2024,10/31/2024,m1,Savings Plan,Compute Savings Plan,1,1 Hour,"
            + "1.5,0,UnusedSavingsPlan,UsageBased,SavingsPlan,"
            + "/providers/Microsoft.BillingBenefits/savingsPlanOrders/o/savingsPlans/p,sp,USD,USD,1.5,1.5,"
            + "Microsoft.BillingBenefits,/providers/Microsoft.BillingBenefits/savingsPlanOrders/o/savingsPlans/p,").get(0));
    assertThat(unused.billedCost()).isZero();
    assertThat(unused.effectiveCost()).isEqualByComparingTo("1.5");
    assertThat(unused.chargeCategory()).isEqualTo("Usage");
    assertThat(unused.commitmentDiscountStatus()).isEqualTo("Unused");
    assertThat(unused.commitmentDiscountType()).isEqualTo("Savings Plan");
  }

  @Test
  void billedCostIsInBillingCurrencyAndThePricingCurrencyCostIsKeptApart() throws IOException {
    CostRecord r = accepted(normalize(CostMetric.ACTUAL_COST,
        "ba,BP-1,Profile,INV-1,,sub-1,2024-10-03,2024-10-01,2024-10-31,m1,Virtual Machines,D2s v3,10,10 Hours,"
            + "0.9,1.1,Usage,UsageBased,OnDemand,,,EUR,USD,8.3,9,Microsoft.Compute,/subscriptions/sub-1/vm,"
            + "\"{\"\"env\"\":\"\"prod\"\"}\"").get(0));
    assertThat(r.billingCurrency()).isEqualTo("EUR");
    assertThat(r.billedCost()).isEqualByComparingTo("8.3");
    assertThat(r.pricingCurrency()).isEqualTo("USD");
    assertThat(r.pricingCurrencyEffectiveCost()).isEqualByComparingTo("9");
    // 10 blocks of "10 Hours": 100 hours, priced per hour.
    assertThat(r.pricingQuantity()).isEqualByComparingTo("100");
    assertThat(r.pricingUnit()).isEqualTo("Hours");
    assertThat(r.consumedQuantity()).isEqualByComparingTo("100");
    assertThat(r.contractedUnitPrice()).isEqualByComparingTo("0.09");
    assertThat(r.listUnitPrice()).isEqualByComparingTo("0.11");
    assertThat(r.contractedCost()).isEqualByComparingTo("9");
    assertThat(r.listCost()).isEqualByComparingTo("11");
    assertThat(r.tags()).containsEntry("env", "prod");
    assertThat(r.serviceCategory()).isEqualTo("Compute");
    assertThat(r.xSourceVersion()).isEqualTo("v1");
  }

  @Test
  void unparseableValuesAreQuarantinedWithEveryReason() throws IOException {
    NormalizeResult r = normalize(CostMetric.ACTUAL_COST,
        "ba,BP-1,Profile,,,sub-1,not-a-date,2024-10-01,2024-10-31,m1,Storage,Blob,x,1 GB,0.1,0.1,Usage,UsageBased,"
            + "OnDemand,,,USD,USD,abc,1,Microsoft.Storage,/subscriptions/sub-1/x,{not json").get(0);
    assertThat(r).isInstanceOf(NormalizeResult.Rejected.class);
    assertThat(((NormalizeResult.Rejected) r).violations()).extracting(v -> v.field())
        .contains("BilledCost", "ChargePeriodStart", "PricingQuantity", "Tags");
  }
}
