package io.costfleet.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.costfleet.validation.AllowedValues;
import io.costfleet.validation.CurrencyCode;
import io.costfleet.validation.FocusVersion;
import io.costfleet.validation.PeriodsOrdered;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One normalized cost line: the canonical record of costfleet, a FOCUS 1.2 CostAndUsage row.
 *
 * <p>Component names are the FOCUS column names in lowerCamelCase; JSON uses the FOCUS names
 * ({@code BilledCost}) and the {@code x_} extension names ({@code x_CostCenter}). Money is
 * {@link BigDecimal} with the source's full precision; instants are UTC. The 21 mandatory FOCUS
 * columns are constrained here and checked by {@link io.costfleet.validation.RecordValidator};
 * columns the source does not have stay {@code null}.
 *
 * <p>Extensions: {@code x_Provider}/{@code x_Source}/{@code x_Dataset} name where the line came
 * from; {@code x_SourceRecordHash} is the deduplication key ({@link DedupeKey});
 * {@code x_SourceVersion} orders restatements (a later version wins at close);
 * {@code x_CostCenter}, {@code x_BusinessUnit}, {@code x_AllocationRule},
 * {@code x_AllocationVersion} are filled by allocation at close.
 */
@JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonDeserialize(builder = CostRecord.Builder.class)
@PeriodsOrdered(groups = FocusVersion.Focus10.class)
public record CostRecord(
    // ---- FOCUS 1.2 mandatory columns
    @NotNull BigDecimal billedCost,
    @NotNull BigDecimal effectiveCost,
    @NotNull(groups = FocusVersion.Focus10.class) BigDecimal listCost,
    @NotNull(groups = FocusVersion.Focus10.class) BigDecimal contractedCost,
    BigDecimal pricingQuantity,
    @NotNull Instant billingPeriodStart,
    @NotNull Instant billingPeriodEnd,
    @NotNull Instant chargePeriodStart,
    @NotNull Instant chargePeriodEnd,
    @NotBlank String billingAccountId,
    String billingAccountName,
    @NotNull @CurrencyCode String billingCurrency,
    @NotNull @AllowedValues({"Usage", "Purchase", "Tax", "Credit", "Adjustment"}) String chargeCategory,
    @AllowedValues({"Correction"}) String chargeClass,
    String chargeDescription,
    @NotBlank String invoiceIssuerName,
    @NotBlank String providerName,
    @NotBlank String publisherName,
    String pricingUnit,
    @NotNull @AllowedValues({"AI and Machine Learning", "Analytics", "Business Applications", "Compute",
        "Databases", "Developer Tools", "Multicloud", "Identity", "Integration", "Internet of Things",
        "Management and Governance", "Media", "Migration", "Mobile", "Networking", "Security", "Storage",
        "Web", "Other"}) String serviceCategory,
    @NotBlank String serviceName,
    // ---- FOCUS conditional columns the providers have
    String serviceSubcategory,
    String availabilityZone,
    String regionId,
    String regionName,
    String resourceId,
    String resourceName,
    String resourceType,
    String skuId,
    String skuPriceId,
    String subAccountId,
    String subAccountName,
    String invoiceId,
    @AllowedValues({"One-Time", "Recurring", "Usage-Based"}) String chargeFrequency,
    @AllowedValues({"Standard", "Committed", "Dynamic", "Other"}) String pricingCategory,
    BigDecimal listUnitPrice,
    BigDecimal contractedUnitPrice,
    BigDecimal consumedQuantity,
    String consumedUnit,
    String commitmentDiscountId,
    String commitmentDiscountName,
    @AllowedValues({"Spend", "Usage"}) String commitmentDiscountCategory,
    String commitmentDiscountType,
    @AllowedValues({"Used", "Unused"}) String commitmentDiscountStatus,
    BigDecimal commitmentDiscountQuantity,
    String commitmentDiscountUnit,
    @CurrencyCode String pricingCurrency,
    BigDecimal pricingCurrencyEffectiveCost,
    SortedMap<String, String> tags,
    // ---- costfleet extensions
    @JsonProperty("x_Provider") String xProvider,
    @JsonProperty("x_Source") String xSource,
    @JsonProperty("x_Dataset") String xDataset,
    @JsonProperty("x_UsageType") String xUsageType,
    @JsonProperty("x_SourceRecordHash") String xSourceRecordHash,
    @JsonProperty("x_SourceVersion") String xSourceVersion,
    @JsonProperty("x_IngestionJobId") String xIngestionJobId,
    @JsonProperty("x_SourcePosition") String xSourcePosition,
    @JsonProperty("x_CostCenter") String xCostCenter,
    @JsonProperty("x_BusinessUnit") String xBusinessUnit,
    @JsonProperty("x_AllocationRule") String xAllocationRule,
    @JsonProperty("x_AllocationVersion") String xAllocationVersion,
    @JsonProperty("x_IsDegraded") Boolean xIsDegraded) {

  public CostRecord {
    tags = tags == null || tags.isEmpty() ? null : Collections.unmodifiableSortedMap(new TreeMap<>(tags));
  }

  /** Tags, never null. */
  public Map<String, String> tagsOrEmpty() {
    return tags == null ? Map.of() : tags;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Mutable builder; {@link #build()} makes the immutable record without validating it. */
  @com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder(withPrefix = "")
  @JsonNaming(PropertyNamingStrategies.UpperCamelCaseStrategy.class)
  public static final class Builder {
    private BigDecimal billedCost;
    private BigDecimal effectiveCost;
    private BigDecimal listCost;
    private BigDecimal contractedCost;
    private BigDecimal pricingQuantity;
    private Instant billingPeriodStart;
    private Instant billingPeriodEnd;
    private Instant chargePeriodStart;
    private Instant chargePeriodEnd;
    private String billingAccountId;
    private String billingAccountName;
    private String billingCurrency;
    private String chargeCategory;
    private String chargeClass;
    private String chargeDescription;
    private String invoiceIssuerName;
    private String providerName;
    private String publisherName;
    private String pricingUnit;
    private String serviceCategory;
    private String serviceName;
    private String serviceSubcategory;
    private String availabilityZone;
    private String regionId;
    private String regionName;
    private String resourceId;
    private String resourceName;
    private String resourceType;
    private String skuId;
    private String skuPriceId;
    private String subAccountId;
    private String subAccountName;
    private String invoiceId;
    private String chargeFrequency;
    private String pricingCategory;
    private BigDecimal listUnitPrice;
    private BigDecimal contractedUnitPrice;
    private BigDecimal consumedQuantity;
    private String consumedUnit;
    private String commitmentDiscountId;
    private String commitmentDiscountName;
    private String commitmentDiscountCategory;
    private String commitmentDiscountType;
    private String commitmentDiscountStatus;
    private BigDecimal commitmentDiscountQuantity;
    private String commitmentDiscountUnit;
    private String pricingCurrency;
    private BigDecimal pricingCurrencyEffectiveCost;
    private SortedMap<String, String> tags;
    private String xProvider;
    private String xSource;
    private String xDataset;
    private String xUsageType;
    private String xSourceRecordHash;
    private String xSourceVersion;
    private String xIngestionJobId;
    private String xSourcePosition;
    private String xCostCenter;
    private String xBusinessUnit;
    private String xAllocationRule;
    private String xAllocationVersion;
    private Boolean xIsDegraded;

    Builder() {}

    Builder(CostRecord r) {
      billedCost = r.billedCost; effectiveCost = r.effectiveCost; listCost = r.listCost;
      contractedCost = r.contractedCost; pricingQuantity = r.pricingQuantity;
      billingPeriodStart = r.billingPeriodStart; billingPeriodEnd = r.billingPeriodEnd;
      chargePeriodStart = r.chargePeriodStart; chargePeriodEnd = r.chargePeriodEnd;
      billingAccountId = r.billingAccountId; billingAccountName = r.billingAccountName;
      billingCurrency = r.billingCurrency; chargeCategory = r.chargeCategory; chargeClass = r.chargeClass;
      chargeDescription = r.chargeDescription; invoiceIssuerName = r.invoiceIssuerName;
      providerName = r.providerName; publisherName = r.publisherName; pricingUnit = r.pricingUnit;
      serviceCategory = r.serviceCategory; serviceName = r.serviceName; serviceSubcategory = r.serviceSubcategory;
      availabilityZone = r.availabilityZone; regionId = r.regionId; regionName = r.regionName;
      resourceId = r.resourceId; resourceName = r.resourceName; resourceType = r.resourceType;
      skuId = r.skuId; skuPriceId = r.skuPriceId; subAccountId = r.subAccountId; subAccountName = r.subAccountName;
      invoiceId = r.invoiceId; chargeFrequency = r.chargeFrequency; pricingCategory = r.pricingCategory;
      listUnitPrice = r.listUnitPrice; contractedUnitPrice = r.contractedUnitPrice;
      consumedQuantity = r.consumedQuantity; consumedUnit = r.consumedUnit;
      commitmentDiscountId = r.commitmentDiscountId; commitmentDiscountName = r.commitmentDiscountName;
      commitmentDiscountCategory = r.commitmentDiscountCategory; commitmentDiscountType = r.commitmentDiscountType;
      commitmentDiscountStatus = r.commitmentDiscountStatus; commitmentDiscountQuantity = r.commitmentDiscountQuantity;
      commitmentDiscountUnit = r.commitmentDiscountUnit; pricingCurrency = r.pricingCurrency;
      pricingCurrencyEffectiveCost = r.pricingCurrencyEffectiveCost;
      tags = r.tags == null ? null : new TreeMap<>(r.tags);
      xProvider = r.xProvider; xSource = r.xSource; xDataset = r.xDataset; xUsageType = r.xUsageType;
      xSourceRecordHash = r.xSourceRecordHash; xSourceVersion = r.xSourceVersion;
      xIngestionJobId = r.xIngestionJobId; xSourcePosition = r.xSourcePosition;
      xCostCenter = r.xCostCenter; xBusinessUnit = r.xBusinessUnit; xAllocationRule = r.xAllocationRule;
      xAllocationVersion = r.xAllocationVersion; xIsDegraded = r.xIsDegraded;
    }

    public Builder billedCost(BigDecimal v) { billedCost = v; return this; }
    public Builder effectiveCost(BigDecimal v) { effectiveCost = v; return this; }
    public Builder listCost(BigDecimal v) { listCost = v; return this; }
    public Builder contractedCost(BigDecimal v) { contractedCost = v; return this; }
    public Builder pricingQuantity(BigDecimal v) { pricingQuantity = v; return this; }
    public Builder billingPeriodStart(Instant v) { billingPeriodStart = v; return this; }
    public Builder billingPeriodEnd(Instant v) { billingPeriodEnd = v; return this; }
    public Builder chargePeriodStart(Instant v) { chargePeriodStart = v; return this; }
    public Builder chargePeriodEnd(Instant v) { chargePeriodEnd = v; return this; }
    public Builder billingAccountId(String v) { billingAccountId = v; return this; }
    public Builder billingAccountName(String v) { billingAccountName = v; return this; }
    public Builder billingCurrency(String v) { billingCurrency = v; return this; }
    public Builder chargeCategory(String v) { chargeCategory = v; return this; }
    public Builder chargeClass(String v) { chargeClass = v; return this; }
    public Builder chargeDescription(String v) { chargeDescription = v; return this; }
    public Builder invoiceIssuerName(String v) { invoiceIssuerName = v; return this; }
    public Builder providerName(String v) { providerName = v; return this; }
    public Builder publisherName(String v) { publisherName = v; return this; }
    public Builder pricingUnit(String v) { pricingUnit = v; return this; }
    public Builder serviceCategory(String v) { serviceCategory = v; return this; }
    public Builder serviceName(String v) { serviceName = v; return this; }
    public Builder serviceSubcategory(String v) { serviceSubcategory = v; return this; }
    public Builder availabilityZone(String v) { availabilityZone = v; return this; }
    public Builder regionId(String v) { regionId = v; return this; }
    public Builder regionName(String v) { regionName = v; return this; }
    public Builder resourceId(String v) { resourceId = v; return this; }
    public Builder resourceName(String v) { resourceName = v; return this; }
    public Builder resourceType(String v) { resourceType = v; return this; }
    public Builder skuId(String v) { skuId = v; return this; }
    public Builder skuPriceId(String v) { skuPriceId = v; return this; }
    public Builder subAccountId(String v) { subAccountId = v; return this; }
    public Builder subAccountName(String v) { subAccountName = v; return this; }
    public Builder invoiceId(String v) { invoiceId = v; return this; }
    public Builder chargeFrequency(String v) { chargeFrequency = v; return this; }
    public Builder pricingCategory(String v) { pricingCategory = v; return this; }
    public Builder listUnitPrice(BigDecimal v) { listUnitPrice = v; return this; }
    public Builder contractedUnitPrice(BigDecimal v) { contractedUnitPrice = v; return this; }
    public Builder consumedQuantity(BigDecimal v) { consumedQuantity = v; return this; }
    public Builder consumedUnit(String v) { consumedUnit = v; return this; }
    public Builder commitmentDiscountId(String v) { commitmentDiscountId = v; return this; }
    public Builder commitmentDiscountName(String v) { commitmentDiscountName = v; return this; }
    public Builder commitmentDiscountCategory(String v) { commitmentDiscountCategory = v; return this; }
    public Builder commitmentDiscountType(String v) { commitmentDiscountType = v; return this; }
    public Builder commitmentDiscountStatus(String v) { commitmentDiscountStatus = v; return this; }
    public Builder commitmentDiscountQuantity(BigDecimal v) { commitmentDiscountQuantity = v; return this; }
    public Builder commitmentDiscountUnit(String v) { commitmentDiscountUnit = v; return this; }
    public Builder pricingCurrency(String v) { pricingCurrency = v; return this; }
    public Builder pricingCurrencyEffectiveCost(BigDecimal v) { pricingCurrencyEffectiveCost = v; return this; }
    public Builder tags(Map<String, String> v) { tags = v == null ? null : new TreeMap<>(v); return this; }
    public Builder tag(String key, String value) {
      if (tags == null) {
        tags = new TreeMap<>();
      }
      tags.put(key, value);
      return this;
    }
    @JsonProperty("x_Provider") public Builder xProvider(String v) { xProvider = v; return this; }
    @JsonProperty("x_Source") public Builder xSource(String v) { xSource = v; return this; }
    @JsonProperty("x_Dataset") public Builder xDataset(String v) { xDataset = v; return this; }
    @JsonProperty("x_UsageType") public Builder xUsageType(String v) { xUsageType = v; return this; }
    @JsonProperty("x_SourceRecordHash") public Builder xSourceRecordHash(String v) { xSourceRecordHash = v; return this; }
    @JsonProperty("x_SourceVersion") public Builder xSourceVersion(String v) { xSourceVersion = v; return this; }
    @JsonProperty("x_IngestionJobId") public Builder xIngestionJobId(String v) { xIngestionJobId = v; return this; }
    @JsonProperty("x_SourcePosition") public Builder xSourcePosition(String v) { xSourcePosition = v; return this; }
    @JsonProperty("x_CostCenter") public Builder xCostCenter(String v) { xCostCenter = v; return this; }
    @JsonProperty("x_BusinessUnit") public Builder xBusinessUnit(String v) { xBusinessUnit = v; return this; }
    @JsonProperty("x_AllocationRule") public Builder xAllocationRule(String v) { xAllocationRule = v; return this; }
    @JsonProperty("x_AllocationVersion") public Builder xAllocationVersion(String v) { xAllocationVersion = v; return this; }
    @JsonProperty("x_IsDegraded") public Builder xIsDegraded(Boolean v) { xIsDegraded = v; return this; }

    public CostRecord build() {
      return new CostRecord(billedCost, effectiveCost, listCost, contractedCost, pricingQuantity,
          billingPeriodStart, billingPeriodEnd, chargePeriodStart, chargePeriodEnd, billingAccountId,
          billingAccountName, billingCurrency, chargeCategory, chargeClass, chargeDescription,
          invoiceIssuerName, providerName, publisherName, pricingUnit, serviceCategory, serviceName,
          serviceSubcategory, availabilityZone, regionId, regionName, resourceId, resourceName, resourceType,
          skuId, skuPriceId, subAccountId, subAccountName, invoiceId, chargeFrequency, pricingCategory,
          listUnitPrice, contractedUnitPrice, consumedQuantity, consumedUnit, commitmentDiscountId,
          commitmentDiscountName, commitmentDiscountCategory, commitmentDiscountType, commitmentDiscountStatus,
          commitmentDiscountQuantity, commitmentDiscountUnit, pricingCurrency, pricingCurrencyEffectiveCost,
          tags, xProvider, xSource, xDataset, xUsageType, xSourceRecordHash, xSourceVersion, xIngestionJobId,
          xSourcePosition, xCostCenter, xBusinessUnit, xAllocationRule, xAllocationVersion, xIsDegraded);
    }
  }
}
