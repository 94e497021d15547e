package io.costfleet.testing;

import io.costfleet.model.CostRecord;
import java.math.BigDecimal;
import java.time.Instant;

/** A valid canonical record to vary in tests. */
public final class Records {
  private Records() {}

  public static CostRecord.Builder valid() {
    return CostRecord.builder()
        .billedCost(new BigDecimal("12.3456789"))
        .effectiveCost(new BigDecimal("11.00"))
        .listCost(new BigDecimal("13.00"))
        .contractedCost(new BigDecimal("12.3456789"))
        .pricingQuantity(new BigDecimal("24"))
        .pricingUnit("Hours")
        .billingPeriodStart(Instant.parse("2026-10-01T00:00:00Z"))
        .billingPeriodEnd(Instant.parse("2026-11-01T00:00:00Z"))
        .chargePeriodStart(Instant.parse("2026-10-05T00:00:00Z"))
        .chargePeriodEnd(Instant.parse("2026-10-06T00:00:00Z"))
        .billingAccountId("123456789012")
        .billingAccountName("payer")
        .billingCurrency("USD")
        .chargeCategory("Usage")
        .chargeDescription("m5.large in us-east-1")
        .invoiceIssuerName("Amazon Web Services, Inc.")
        .providerName("AWS")
        .publisherName("Amazon Web Services, Inc.")
        .serviceCategory("Compute")
        .serviceName("Amazon Elastic Compute Cloud")
        .regionId("us-east-1")
        .resourceId("i-0abc")
        .subAccountId("210987654321")
        .tag("cost_center", "cc-42")
        .xProvider("aws")
        .xSource("cur")
        .xDataset("usage")
        .xSourceRecordHash("abc");
  }
}
