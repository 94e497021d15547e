package io.costfleet.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Every column of the canonical record, in staging order: FOCUS name, type, whether FOCUS 1.2
 * makes it mandatory, and how to read it from a record and set it on a builder. Parquet staging,
 * the chargeback CSV, the FOCUS file reader and the conformance checks all use this one list.
 */
public enum FocusColumn {
  BILLED_COST("BilledCost", Type.DECIMAL, true, CostRecord::billedCost, (b, v) -> b.billedCost((BigDecimal) v)),
  EFFECTIVE_COST("EffectiveCost", Type.DECIMAL, true, CostRecord::effectiveCost, (b, v) -> b.effectiveCost((BigDecimal) v)),
  LIST_COST("ListCost", Type.DECIMAL, true, CostRecord::listCost, (b, v) -> b.listCost((BigDecimal) v)),
  CONTRACTED_COST("ContractedCost", Type.DECIMAL, true, CostRecord::contractedCost, (b, v) -> b.contractedCost((BigDecimal) v)),
  PRICING_QUANTITY("PricingQuantity", Type.DECIMAL, true, CostRecord::pricingQuantity, (b, v) -> b.pricingQuantity((BigDecimal) v)),
  BILLING_PERIOD_START("BillingPeriodStart", Type.TIMESTAMP, true, CostRecord::billingPeriodStart, (b, v) -> b.billingPeriodStart((Instant) v)),
  BILLING_PERIOD_END("BillingPeriodEnd", Type.TIMESTAMP, true, CostRecord::billingPeriodEnd, (b, v) -> b.billingPeriodEnd((Instant) v)),
  CHARGE_PERIOD_START("ChargePeriodStart", Type.TIMESTAMP, true, CostRecord::chargePeriodStart, (b, v) -> b.chargePeriodStart((Instant) v)),
  CHARGE_PERIOD_END("ChargePeriodEnd", Type.TIMESTAMP, true, CostRecord::chargePeriodEnd, (b, v) -> b.chargePeriodEnd((Instant) v)),
  BILLING_ACCOUNT_ID("BillingAccountId", Type.STRING, true, CostRecord::billingAccountId, (b, v) -> b.billingAccountId((String) v)),
  BILLING_ACCOUNT_NAME("BillingAccountName", Type.STRING, true, CostRecord::billingAccountName, (b, v) -> b.billingAccountName((String) v)),
  BILLING_CURRENCY("BillingCurrency", Type.STRING, true, CostRecord::billingCurrency, (b, v) -> b.billingCurrency((String) v)),
  CHARGE_CATEGORY("ChargeCategory", Type.STRING, true, CostRecord::chargeCategory, (b, v) -> b.chargeCategory((String) v)),
  CHARGE_CLASS("ChargeClass", Type.STRING, true, CostRecord::chargeClass, (b, v) -> b.chargeClass((String) v)),
  CHARGE_DESCRIPTION("ChargeDescription", Type.STRING, true, CostRecord::chargeDescription, (b, v) -> b.chargeDescription((String) v)),
  INVOICE_ISSUER_NAME("InvoiceIssuerName", Type.STRING, true, CostRecord::invoiceIssuerName, (b, v) -> b.invoiceIssuerName((String) v)),
  PROVIDER_NAME("ProviderName", Type.STRING, true, CostRecord::providerName, (b, v) -> b.providerName((String) v)),
  PUBLISHER_NAME("PublisherName", Type.STRING, true, CostRecord::publisherName, (b, v) -> b.publisherName((String) v)),
  PRICING_UNIT("PricingUnit", Type.STRING, true, CostRecord::pricingUnit, (b, v) -> b.pricingUnit((String) v)),
  SERVICE_CATEGORY("ServiceCategory", Type.STRING, true, CostRecord::serviceCategory, (b, v) -> b.serviceCategory((String) v)),
  SERVICE_NAME("ServiceName", Type.STRING, true, CostRecord::serviceName, (b, v) -> b.serviceName((String) v)),
  SERVICE_SUBCATEGORY("ServiceSubcategory", Type.STRING, false, CostRecord::serviceSubcategory, (b, v) -> b.serviceSubcategory((String) v)),
  AVAILABILITY_ZONE("AvailabilityZone", Type.STRING, false, CostRecord::availabilityZone, (b, v) -> b.availabilityZone((String) v)),
  REGION_ID("RegionId", Type.STRING, false, CostRecord::regionId, (b, v) -> b.regionId((String) v)),
  REGION_NAME("RegionName", Type.STRING, false, CostRecord::regionName, (b, v) -> b.regionName((String) v)),
  RESOURCE_ID("ResourceId", Type.STRING, false, CostRecord::resourceId, (b, v) -> b.resourceId((String) v)),
  RESOURCE_NAME("ResourceName", Type.STRING, false, CostRecord::resourceName, (b, v) -> b.resourceName((String) v)),
  RESOURCE_TYPE("ResourceType", Type.STRING, false, CostRecord::resourceType, (b, v) -> b.resourceType((String) v)),
  SKU_ID("SkuId", Type.STRING, false, CostRecord::skuId, (b, v) -> b.skuId((String) v)),
  SKU_PRICE_ID("SkuPriceId", Type.STRING, false, CostRecord::skuPriceId, (b, v) -> b.skuPriceId((String) v)),
  SUB_ACCOUNT_ID("SubAccountId", Type.STRING, false, CostRecord::subAccountId, (b, v) -> b.subAccountId((String) v)),
  SUB_ACCOUNT_NAME("SubAccountName", Type.STRING, false, CostRecord::subAccountName, (b, v) -> b.subAccountName((String) v)),
  INVOICE_ID("InvoiceId", Type.STRING, false, CostRecord::invoiceId, (b, v) -> b.invoiceId((String) v)),
  CHARGE_FREQUENCY("ChargeFrequency", Type.STRING, false, CostRecord::chargeFrequency, (b, v) -> b.chargeFrequency((String) v)),
  PRICING_CATEGORY("PricingCategory", Type.STRING, false, CostRecord::pricingCategory, (b, v) -> b.pricingCategory((String) v)),
  LIST_UNIT_PRICE("ListUnitPrice", Type.DECIMAL, false, CostRecord::listUnitPrice, (b, v) -> b.listUnitPrice((BigDecimal) v)),
  CONTRACTED_UNIT_PRICE("ContractedUnitPrice", Type.DECIMAL, false, CostRecord::contractedUnitPrice, (b, v) -> b.contractedUnitPrice((BigDecimal) v)),
  CONSUMED_QUANTITY("ConsumedQuantity", Type.DECIMAL, false, CostRecord::consumedQuantity, (b, v) -> b.consumedQuantity((BigDecimal) v)),
  CONSUMED_UNIT("ConsumedUnit", Type.STRING, false, CostRecord::consumedUnit, (b, v) -> b.consumedUnit((String) v)),
  COMMITMENT_DISCOUNT_ID("CommitmentDiscountId", Type.STRING, false, CostRecord::commitmentDiscountId, (b, v) -> b.commitmentDiscountId((String) v)),
  COMMITMENT_DISCOUNT_NAME("CommitmentDiscountName", Type.STRING, false, CostRecord::commitmentDiscountName, (b, v) -> b.commitmentDiscountName((String) v)),
  COMMITMENT_DISCOUNT_CATEGORY("CommitmentDiscountCategory", Type.STRING, false, CostRecord::commitmentDiscountCategory, (b, v) -> b.commitmentDiscountCategory((String) v)),
  COMMITMENT_DISCOUNT_TYPE("CommitmentDiscountType", Type.STRING, false, CostRecord::commitmentDiscountType, (b, v) -> b.commitmentDiscountType((String) v)),
  COMMITMENT_DISCOUNT_STATUS("CommitmentDiscountStatus", Type.STRING, false, CostRecord::commitmentDiscountStatus, (b, v) -> b.commitmentDiscountStatus((String) v)),
  COMMITMENT_DISCOUNT_QUANTITY("CommitmentDiscountQuantity", Type.DECIMAL, false, CostRecord::commitmentDiscountQuantity, (b, v) -> b.commitmentDiscountQuantity((BigDecimal) v)),
  COMMITMENT_DISCOUNT_UNIT("CommitmentDiscountUnit", Type.STRING, false, CostRecord::commitmentDiscountUnit, (b, v) -> b.commitmentDiscountUnit((String) v)),
  PRICING_CURRENCY("PricingCurrency", Type.STRING, false, CostRecord::pricingCurrency, (b, v) -> b.pricingCurrency((String) v)),
  PRICING_CURRENCY_EFFECTIVE_COST("PricingCurrencyEffectiveCost", Type.DECIMAL, false, CostRecord::pricingCurrencyEffectiveCost, (b, v) -> b.pricingCurrencyEffectiveCost((BigDecimal) v)),
  TAGS("Tags", Type.TAGS, false, CostRecord::tags, (b, v) -> b.tags(castTags(v))),
  X_PROVIDER("x_Provider", Type.STRING, false, CostRecord::xProvider, (b, v) -> b.xProvider((String) v)),
  X_SOURCE("x_Source", Type.STRING, false, CostRecord::xSource, (b, v) -> b.xSource((String) v)),
  X_DATASET("x_Dataset", Type.STRING, false, CostRecord::xDataset, (b, v) -> b.xDataset((String) v)),
  X_USAGE_TYPE("x_UsageType", Type.STRING, false, CostRecord::xUsageType, (b, v) -> b.xUsageType((String) v)),
  X_SOURCE_RECORD_HASH("x_SourceRecordHash", Type.STRING, false, CostRecord::xSourceRecordHash, (b, v) -> b.xSourceRecordHash((String) v)),
  X_SOURCE_VERSION("x_SourceVersion", Type.STRING, false, CostRecord::xSourceVersion, (b, v) -> b.xSourceVersion((String) v)),
  X_INGESTION_JOB_ID("x_IngestionJobId", Type.STRING, false, CostRecord::xIngestionJobId, (b, v) -> b.xIngestionJobId((String) v)),
  X_SOURCE_POSITION("x_SourcePosition", Type.STRING, false, CostRecord::xSourcePosition, (b, v) -> b.xSourcePosition((String) v)),
  X_COST_CENTER("x_CostCenter", Type.STRING, false, CostRecord::xCostCenter, (b, v) -> b.xCostCenter((String) v)),
  X_BUSINESS_UNIT("x_BusinessUnit", Type.STRING, false, CostRecord::xBusinessUnit, (b, v) -> b.xBusinessUnit((String) v)),
  X_ALLOCATION_RULE("x_AllocationRule", Type.STRING, false, CostRecord::xAllocationRule, (b, v) -> b.xAllocationRule((String) v)),
  X_ALLOCATION_VERSION("x_AllocationVersion", Type.STRING, false, CostRecord::xAllocationVersion, (b, v) -> b.xAllocationVersion((String) v)),
  X_IS_DEGRADED("x_IsDegraded", Type.BOOLEAN, false, CostRecord::xIsDegraded, (b, v) -> b.xIsDegraded((Boolean) v));

  /** Storage type of a column. DECIMAL is money or quantity, TIMESTAMP a UTC instant, TAGS a JSON object. */
  public enum Type { STRING, DECIMAL, TIMESTAMP, BOOLEAN, TAGS }

  private static final List<FocusColumn> MANDATORY =
      java.util.Arrays.stream(values()).filter(FocusColumn::mandatory).toList();

  private final String focusName;
  private final Type type;
  private final boolean mandatory;
  private final Function<CostRecord, Object> getter;
  private final BiConsumer<CostRecord.Builder, Object> setter;

  @SuppressWarnings("unchecked")
  <T> FocusColumn(String focusName, Type type, boolean mandatory, Function<CostRecord, T> getter,
      BiConsumer<CostRecord.Builder, Object> setter) {
    this.focusName = focusName;
    this.type = type;
    this.mandatory = mandatory;
    this.getter = (Function<CostRecord, Object>) getter;
    this.setter = setter;
  }

  public String focusName() { return focusName; }

  public Type type() { return type; }

  /** Whether FOCUS 1.2 requires the column to be present in a CostAndUsage dataset. */
  public boolean mandatory() { return mandatory; }

  public Object get(CostRecord record) { return getter.apply(record); }

  public void set(CostRecord.Builder builder, Object value) { setter.accept(builder, value); }

  public static List<FocusColumn> mandatoryColumns() { return MANDATORY; }

  /** The column with this FOCUS name, or null. */
  public static FocusColumn byName(String focusName) {
    for (FocusColumn c : values()) {
      if (c.focusName.equals(focusName)) {
        return c;
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> castTags(Object v) {
    return (Map<String, String>) v;
  }
}
