package io.costfleet.worker.azure;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The columns of Azure cost-details exports that costfleet reads, each with every name it goes by
 * across the EA, MCA, partner (CSP) and legacy pay-as-you-go header sets, in PascalCase, camelCase
 * or lower case. Names are matched case-insensitively; a localized header ({@code "Ressourcengruppe
 * (ResourceGroup)"}) is matched by the English name in parentheses.
 */
public enum AzureColumn {
  SUBSCRIPTION_ID("SubscriptionId", "SubscriptionGuid"),
  SUBSCRIPTION_NAME("SubscriptionName"),
  BILLING_ACCOUNT_ID("BillingAccountId"),
  BILLING_ACCOUNT_NAME("BillingAccountName"),
  BILLING_PROFILE_ID("BillingProfileId"),
  BILLING_PROFILE_NAME("BillingProfileName"),
  BILLING_PERIOD_START("BillingPeriodStartDate"),
  BILLING_PERIOD_END("BillingPeriodEndDate"),
  DATE("Date", "UsageDateTime", "UsageDate"),
  RESOURCE_GROUP("ResourceGroup", "ResourceGroupName"),
  RESOURCE_ID("ResourceId", "InstanceId", "InstanceName"),
  RESOURCE_NAME("ResourceName"),
  RESOURCE_TYPE("ResourceType"),
  RESOURCE_LOCATION("ResourceLocation"),
  LOCATION("Location"),
  AVAILABILITY_ZONE("AvailabilityZone"),
  METER_ID("MeterId"),
  METER_NAME("MeterName"),
  METER_CATEGORY("MeterCategory"),
  METER_SUBCATEGORY("MeterSubCategory"),
  METER_REGION("MeterRegion"),
  PRODUCT("ProductName", "Product"),
  PRODUCT_ID("ProductId"),
  PART_NUMBER("PartNumber"),
  QUANTITY("Quantity", "UsageQuantity"),
  UNIT_OF_MEASURE("UnitOfMeasure"),
  EFFECTIVE_PRICE("EffectivePrice", "ResourceRate"),
  UNIT_PRICE("UnitPrice"),
  PAYG_PRICE("PayGPrice"),
  COST_IN_BILLING_CURRENCY("CostInBillingCurrency", "Cost", "PreTaxCost"),
  COST_IN_PRICING_CURRENCY("CostInPricingCurrency"),
  COST_IN_USD("CostInUsd"),
  PAYG_COST_IN_BILLING_CURRENCY("PaygCostInBillingCurrency"),
  BILLING_CURRENCY("BillingCurrency", "BillingCurrencyCode", "Currency"),
  PRICING_CURRENCY("PricingCurrency", "PricingCurrencyCode"),
  CONSUMED_SERVICE("ConsumedService"),
  SERVICE_NAME("ServiceName"),
  SERVICE_TIER("ServiceTier"),
  SERVICE_FAMILY("ServiceFamily"),
  TAGS("Tags"),
  ADDITIONAL_INFO("AdditionalInfo"),
  CHARGE_TYPE("ChargeType"),
  FREQUENCY("Frequency"),
  PRICING_MODEL("PricingModel"),
  PUBLISHER_NAME("PublisherName"),
  PUBLISHER_TYPE("PublisherType"),
  RESERVATION_ID("ReservationId"),
  RESERVATION_NAME("ReservationName"),
  BENEFIT_ID("BenefitId"),
  BENEFIT_NAME("BenefitName"),
  INVOICE_ID("InvoiceId"),
  PREVIOUS_INVOICE_ID("PreviousInvoiceId"),
  INVOICE_SECTION_ID("InvoiceSectionId"),
  ACCOUNT_OWNER_ID("AccountOwnerId"),
  ACCOUNT_NAME("AccountName"),
  PARTNER_NAME("PartnerName"),
  CUSTOMER_TENANT_ID("CustomerTenantId"),
  OFFER_ID("OfferId"),
  TERM("Term");

  private static final Map<String, AzureColumn> BY_NAME = new HashMap<>();

  static {
    for (AzureColumn c : values()) {
      for (String name : c.names) {
        BY_NAME.put(name.toLowerCase(Locale.ROOT), c);
      }
    }
  }

  private final List<String> names;

  AzureColumn(String... names) {
    this.names = List.of(names);
  }

  /** The PascalCase name of the EA/MCA header set. */
  public String canonicalName() {
    return names.get(0);
  }

  public List<String> names() {
    return names;
  }

  /** The column a header name denotes (after {@link #englishName}), or null. */
  public static AzureColumn byHeader(String header) {
    return BY_NAME.get(englishName(header).toLowerCase(Locale.ROOT));
  }

  /**
   * The English name of a header: the text in the trailing parentheses of a localized header
   * ({@code "Maßeinheit (UnitOfMeasure)"} → {@code UnitOfMeasure}), else the header itself.
   */
  public static String englishName(String header) {
    String h = header.strip();
    if (h.endsWith(")")) {
      int open = h.lastIndexOf('(');
      if (open > 0) {
        String inner = h.substring(open + 1, h.length() - 1).strip();
        if (!inner.isEmpty() && inner.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '_')) {
          return inner;
        }
      }
    }
    return h;
  }

  /** Whether a header is a localized name with its English name in parentheses. */
  public static boolean isLocalized(String header) {
    return !englishName(header).equals(header.strip());
  }
}
