package io.costfleet.close.reconcile;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;

/**
 * One comparison of the pipeline's deduplicated total with the provider's, for one partition (and
 * invoice). Ratios are |gap| / |provider total|; {@code status} is {@code passed}, {@code failed}
 * or {@code unverified} (no provider total to compare with).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReconciliationEntry(String provider, String account, String dataset, String invoiceId, String currency,
    String partition, String status, BigDecimal pipelineBilledCost, BigDecimal providerBilledCost, BigDecimal billedGap,
    BigDecimal billedGapRatio, BigDecimal pipelineEffectiveCost, BigDecimal providerEffectiveCost,
    BigDecimal effectiveGap, BigDecimal effectiveGapRatio, long pipelineRecords, String explanation) {

  public boolean failed() {
    return "failed".equals(status);
  }
}
