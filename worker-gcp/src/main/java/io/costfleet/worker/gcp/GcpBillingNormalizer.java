package io.costfleet.worker.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.costfleet.job.Provider;
import io.costfleet.model.CostRecord;
import io.costfleet.model.DedupeKey;
import io.costfleet.model.Money;
import io.costfleet.source.FieldReader;
import io.costfleet.source.NormalizeContext;
import io.costfleet.source.NormalizeResult;
import io.costfleet.source.Normalizer;
import io.costfleet.source.RawRecord;
import io.costfleet.validation.Violation;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Normalizes one Cloud Billing export row (standard or detailed) into FOCUS 1.2 records.
 *
 * <p><b>Credits are their own charges.</b> A row becomes one record for its {@code cost}
 * (ChargeCategory from {@code cost_type}) plus one {@code Credit} record per entry of
 * {@code credits[]}, with BilledCost = EffectiveCost = ListCost = ContractedCost = the credit's
 * amount (FOCUS 1.2: a charge unrelated to others matches its BilledCost). Google invoices the
 * cost and the credits as separate lines, so BilledCost summed over the records equals the invoice
 * (cost + credits), which is what reconciliation compares; folding credits into EffectiveCost would
 * leave BilledCost at the gross cost. The credit keeps the row's project, labels, SKU and resource,
 * so allocation places it beside the usage it offsets. Committed-use-discount credits also fill
 * the CommitmentDiscount columns.
 *
 * <p>cost_type: {@code regular} → Usage, {@code tax} → Tax, {@code adjustment} → Adjustment (class
 * Correction when its charge period starts before the invoice month), {@code rounding_error} →
 * Adjustment, {@code credit} → Credit; any other value rejects the row with its reason.
 * BillingPeriod is {@code invoice.month} in Pacific time (Google invoices by Pacific months).
 * Tags are the project's labels, overlaid by the resource's labels, plus system labels (their keys
 * are already namespaced) and Resource Manager tags as {@code namespace/key}.
 *
 * <p><b>Deduplication key.</b> The export has no line-item id and appends late rows instead of
 * restating them, so the key is {@link DedupeKey#ofAttributes} over billing account, project,
 * {@code resource.global_name}, usage start/end, {@code sku.id} and ChargeCategory, with
 * discriminators {@code service.id}, {@code cost_type}, {@code invoice.month}, location, the row's
 * labels and system labels, {@code resource.name}, price tier, {@code adjustment_info.id},
 * {@code export_time}, cost and usage amount; a credit record adds its index in {@code credits[]},
 * id, name, type and amount. A row fetched again by an overlapping re-sync has the same key; a
 * late row for the same hour is a new export ({@code export_time} differs) and counts. Rows equal
 * in every one of these columns are indistinguishable and count once.
 */
public final class GcpBillingNormalizer implements Normalizer<JsonNode> {
  /** The source name in jobs, keys and paths. */
  public static final String SOURCE = "bigquery-export";
  static final String GOOGLE = Provider.GCP.focusName();
  private static final ZoneId INVOICE_ZONE = ZoneId.of("America/Los_Angeles");

  private final GcpServiceCategories categories;

  public GcpBillingNormalizer(GcpServiceCategories categories) {
    this.categories = categories;
  }

  public GcpBillingNormalizer() {
    this(GcpServiceCategories.bundled());
  }

  @Override
  public NormalizeResult normalize(RawRecord<JsonNode> raw, NormalizeContext context) {
    if (raw.value() == null || !raw.value().isObject()) {
      return NormalizeResult.reject(List.of(new Violation("record", "JsonObject", "is not a JSON object",
          raw.value() == null ? null : raw.value().asText(raw.value().toString()))));
    }
    FieldReader f = new FieldReader();
    GcpBillingLine line = GcpRowReader.read(raw.value(), f);
    String category = line.costType() == null ? null : chargeCategory(line.costType());
    if (line.costType() != null && category == null) {
      f.violation("cost_type", "AllowedValues", "is not one of regular, tax, adjustment, rounding_error, credit",
          line.costType());
    }
    if (!f.ok()) {
      return NormalizeResult.reject(f.violations());
    }
    Instant periodStart = line.invoiceMonth().atDay(1).atStartOfDay(INVOICE_ZONE).toInstant();
    Instant periodEnd = line.invoiceMonth().plusMonths(1).atDay(1).atStartOfDay(INVOICE_ZONE).toInstant();
    CostRecord template = common(line, context, periodStart, periodEnd).build();

    List<CostRecord> out = new ArrayList<>(1 + line.credits().size());
    out.add(keyed(charge(template.toBuilder(), line, category, periodStart, raw.position()), line, null, -1));
    for (int i = 0; i < line.credits().size(); i++) {
      GcpBillingLine.Credit credit = line.credits().get(i);
      out.add(keyed(credit(template.toBuilder(), line, credit, raw.position() + "#credits[" + i + "]"), line, credit, i));
    }
    return new NormalizeResult.Accepted(out);
  }

  /** FOCUS ChargeCategory of a cost_type, or null if unknown. */
  static String chargeCategory(String costType) {
    return switch (costType.toLowerCase(Locale.ROOT)) {
      case "regular" -> "Usage";
      case "tax" -> "Tax";
      case "adjustment", "rounding_error" -> "Adjustment";
      case "credit" -> "Credit";
      default -> null;
    };
  }

  private CostRecord.Builder common(GcpBillingLine line, NormalizeContext context, Instant periodStart,
      Instant periodEnd) {
    CostRecord.Builder b = CostRecord.builder()
        .billingAccountId(line.billingAccountId())
        .billingCurrency(line.currency().toUpperCase(Locale.ROOT))
        .billingPeriodStart(periodStart)
        .billingPeriodEnd(periodEnd)
        .chargePeriodStart(line.usageStart())
        .chargePeriodEnd(line.usageEnd())
        .invoiceIssuerName(GOOGLE)
        .providerName(GOOGLE)
        .publisherName(line.sellerName() != null ? line.sellerName() : GOOGLE)
        .serviceName(line.serviceName())
        .serviceCategory(categories.categoryOf(line.serviceName()))
        .skuId(line.skuId())
        .regionId(line.region() != null ? line.region() : line.location())
        .availabilityZone(line.zone())
        .resourceId(line.resourceGlobalName())
        .resourceName(line.resourceName())
        .subAccountId(line.projectId())
        .subAccountName(line.projectName())
        .tags(line.tags())
        .xProvider(Provider.GCP.code())
        .xSource(SOURCE)
        .xSourceVersion(line.exportTime().toString());
    if (context != null && context.job() != null) {
      b.xIngestionJobId(context.job().jobId()).xDataset(context.job().dataset().code());
    } else {
      b.xDataset("usage");
    }
    return b;
  }

  private static CostRecord.Builder charge(CostRecord.Builder b, GcpBillingLine line, String category,
      Instant periodStart, String position) {
    boolean usage = category.equals("Usage");
    b.chargeCategory(category)
        .chargeDescription(line.skuDescription())
        .billedCost(line.cost())
        .effectiveCost(line.cost())
        .contractedCost(line.cost())
        .listCost(usage && line.costAtList() != null ? line.costAtList() : line.cost())
        .xUsageType(line.costType().toLowerCase(Locale.ROOT))
        .xSourcePosition(position);
    if (category.equals("Adjustment") && line.usageStart().isBefore(periodStart)) {
      b.chargeClass("Correction");
    }
    if (usage) {
      b.chargeFrequency("Usage-Based")
          .pricingCategory("Standard")
          .pricingQuantity(line.pricingQuantity())
          .pricingUnit(line.pricingUnit())
          .consumedQuantity(line.usageAmount())
          .consumedUnit(line.usageUnit())
          .contractedUnitPrice(line.effectivePrice())
          .listUnitPrice(line.listPrice());
    }
    pricingCurrency(b, line, line.cost());
    return b;
  }

  private static CostRecord.Builder credit(CostRecord.Builder b, GcpBillingLine line, GcpBillingLine.Credit credit,
      String position) {
    String type = credit.type() == null ? null : credit.type().toUpperCase(Locale.ROOT);
    b.chargeCategory("Credit")
        .chargeDescription(firstNonNull(credit.fullName(), credit.name(), type, "Credit"))
        .billedCost(credit.amount())
        .effectiveCost(credit.amount())
        .contractedCost(credit.amount())
        .listCost(credit.amount())
        .xUsageType(type)
        .xSourcePosition(position);
    if (type != null && type.startsWith("COMMITTED_USAGE_DISCOUNT")) {
      b.commitmentDiscountId(credit.id() != null ? credit.id() : credit.name())
          .commitmentDiscountName(firstNonNull(credit.fullName(), credit.name(), credit.id(), type))
          .commitmentDiscountCategory(type.endsWith("DOLLAR_BASE") ? "Spend" : "Usage")
          .commitmentDiscountType("Committed Use Discount")
          .commitmentDiscountStatus("Used");
    }
    pricingCurrency(b, line, credit.amount());
    return b;
  }

  /** Google prices in US dollars; {@code cost / currency_conversion_rate} is the amount in USD. */
  private static void pricingCurrency(CostRecord.Builder b, GcpBillingLine line, BigDecimal amount) {
    BigDecimal rate = line.currencyConversionRate();
    if (rate == null || rate.signum() == 0 || line.currency().equalsIgnoreCase("USD")) {
      return;
    }
    b.pricingCurrency("USD").pricingCurrencyEffectiveCost(amount.divide(rate, MathContext.DECIMAL128));
  }

  private static CostRecord keyed(CostRecord.Builder b, GcpBillingLine line, GcpBillingLine.Credit credit, int index) {
    CostRecord r = b.build();
    List<String> d = new ArrayList<>(List.of(
        "service=" + line.serviceId(),
        "cost_type=" + line.costType(),
        "invoice=" + line.invoiceMonth(),
        "location=" + line.location() + "/" + line.region() + "/" + line.zone(),
        "labels=" + line.labelsKey(),
        "resource=" + line.resourceName(),
        "tier=" + plain(line.priceTierStart()),
        "adjustment=" + line.adjustmentId(),
        "export_time=" + line.exportTime(),
        "cost=" + plain(line.cost()),
        "usage=" + plain(line.usageAmount())));
    if (credit != null) {
      d.add("credit#" + index);
      d.add("credit.id=" + credit.id());
      d.add("credit.name=" + credit.name());
      d.add("credit.type=" + credit.type());
      d.add("credit.amount=" + plain(credit.amount()));
    }
    DedupeKey key = DedupeKey.ofAttributes(Provider.GCP.code(), r.billingAccountId(), r.subAccountId(),
        r.resourceId(), r.chargePeriodStart(), r.chargePeriodEnd(), r.skuId(), r.chargeCategory(),
        r.pricingCategory(), d.toArray(String[]::new));
    return r.toBuilder().xSourceRecordHash(key.hash()).build();
  }

  private static String plain(BigDecimal v) {
    return v == null ? "null" : Money.plain(v);
  }

  private static String firstNonNull(String... values) {
    for (String v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  @Override
  public String rawText(JsonNode raw) {
    return raw.toString();
  }
}
