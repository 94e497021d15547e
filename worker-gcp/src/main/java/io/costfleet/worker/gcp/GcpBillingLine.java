package io.costfleet.worker.gcp;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.SortedMap;

/**
 * One Cloud Billing export row, read into typed values ({@link GcpRowReader}). Optional columns the
 * row lacks are null; {@code tags} merges project labels, resource labels and system labels.
 *
 * @param labelsKey the row's own labels and system labels in a canonical order, for the dedupe key
 */
public record GcpBillingLine(
    String billingAccountId,
    String serviceId,
    String serviceName,
    String skuId,
    String skuDescription,
    Instant usageStart,
    Instant usageEnd,
    Instant exportTime,
    BigDecimal cost,
    String currency,
    BigDecimal currencyConversionRate,
    YearMonth invoiceMonth,
    String costType,
    String projectId,
    String projectName,
    SortedMap<String, String> tags,
    String labelsKey,
    String location,
    String region,
    String zone,
    String resourceName,
    String resourceGlobalName,
    BigDecimal usageAmount,
    String usageUnit,
    BigDecimal pricingQuantity,
    String pricingUnit,
    BigDecimal costAtList,
    BigDecimal effectivePrice,
    BigDecimal listPrice,
    BigDecimal priceTierStart,
    String sellerName,
    String adjustmentId,
    List<Credit> credits) {

  public GcpBillingLine {
    credits = credits == null ? List.of() : List.copyOf(credits);
  }

  /** One entry of the row's {@code credits} array; {@code amount} is negative for a credit. */
  public record Credit(String name, String fullName, String id, String type, BigDecimal amount) {}
}
