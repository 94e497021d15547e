package io.costfleet.worker.azure.sim;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

/**
 * One generated cost line of the simulator's ledger, with its amount in each of Azure's two views
 * (null where the line does not appear in that view: a commitment purchase is not in amortized
 * cost, unused commitment not in actual cost).
 */
record SimCharge(
    String subscriptionId,
    String subscriptionName,
    LocalDate date,
    String resourceGroup,
    String serviceName,
    String meterCategory,
    String consumedService,
    String meterId,
    String meterName,
    String resourceId,
    String location,
    BigDecimal quantity,
    String unitOfMeasure,
    BigDecimal unitPrice,
    String chargeType,
    String frequency,
    String pricingModel,
    String benefitId,
    String benefitName,
    BigDecimal actualCost,
    BigDecimal amortizedCost,
    Map<String, String> tags) {

  BigDecimal cost(boolean amortized) {
    return amortized ? amortizedCost : actualCost;
  }

  boolean commitmentPurchase() {
    return ("Purchase".equals(chargeType) || "Refund".equals(chargeType)) && benefitId != null;
  }

  boolean commitmentCovered() {
    return !commitmentPurchase() && benefitId != null;
  }
}
