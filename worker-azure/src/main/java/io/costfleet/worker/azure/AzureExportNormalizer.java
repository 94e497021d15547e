package io.costfleet.worker.azure;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.costfleet.model.CostRecord;
import io.costfleet.model.DedupeKey;
import io.costfleet.source.FieldReader;
import io.costfleet.source.NormalizeContext;
import io.costfleet.source.NormalizeResult;
import io.costfleet.source.Normalizer;
import io.costfleet.source.RawRecord;
import io.costfleet.source.csv.CsvRow;
import io.costfleet.validation.RecordValidator;
import io.costfleet.validation.Violation;
import io.costfleet.worker.azure.PricingUnits.PricingUnit;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Normalizes rows of an Azure cost-details export (EA, MCA, partner and legacy pay-as-you-go
 * header sets, any spelling) into FOCUS records. Pure; one instance per file, since the header
 * decides where each column is.
 *
 * <p>Money: {@code BilledCost} and {@code EffectiveCost} come from the row's cost in billing
 * currency ({@code CostInBillingCurrency}, {@code Cost}, {@code PreTaxCost}), never from the
 * pricing-currency cost, which goes to {@code PricingCurrencyEffectiveCost}. In an
 * {@link CostMetric#ACTUAL_COST actual} file a commitment purchase (or its refund) is billed but
 * has no effective cost (the amortized file spreads it); in an
 * {@link CostMetric#AMORTIZED_COST amortized} file usage a commitment covers (and unused
 * commitment) has its effective cost but is not billed itself. Negative costs (refunds) are kept
 * as they are.
 *
 * <p>Quantities: Azure prices in blocks ({@code "10 Hours"}, {@code "10K"}); with
 * {@link PricingUnits} the block becomes a distinct unit, so {@code PricingQuantity} = Quantity ×
 * block size, {@code PricingUnit} = the distinct unit, and the unit prices are per distinct unit.
 *
 * <p>Deduplication key: exports have no line-item id, so the attribute key over ResourceId, the
 * charge day, MeterId (else product), ChargeCategory and PricingCategory, plus ChargeType, the
 * commitment, AdditionalInfo (a scale set's VMs share one ResourceId), unit, quantity and costs as
 * discriminators.
 */
public final class AzureExportNormalizer implements Normalizer<CsvRow> {
  private static final String PROVIDER_NAME = "Microsoft";

  private record Account(String id, String name) {}
  private static final MathContext PRICE = MathContext.DECIMAL128;

  private final AzureExportSchema schema;
  private final CostMetric metric;
  private final AzureExportOptions options;
  private final PricingUnits units;
  private final RecordValidator validator;

  public AzureExportNormalizer(AzureExportSchema schema, CostMetric metric, AzureExportOptions options,
      PricingUnits units, RecordValidator validator) {
    this.schema = schema;
    this.metric = metric;
    this.options = options;
    this.units = units;
    this.validator = validator;
  }

  public AzureExportSchema schema() {
    return schema;
  }

  @Override
  public NormalizeResult normalize(RawRecord<CsvRow> raw, NormalizeContext context) {
    CsvRow row = raw.value();
    FieldReader fields = new FieldReader();
    List<Violation> violations = new ArrayList<>();
    if (row.ragged()) {
      violations.add(new Violation("record", "Ragged",
          "row has " + row.values().length + " fields, header has " + row.header().size(), null));
    }

    BigDecimal cost = fields.decimal("BilledCost", text(row, AzureColumn.COST_IN_BILLING_CURRENCY));
    String currency = FieldReader.text(text(row, AzureColumn.BILLING_CURRENCY));
    BigDecimal pricingCost = fields.decimal("PricingCurrencyEffectiveCost", text(row, AzureColumn.COST_IN_PRICING_CURRENCY));
    String pricingCurrency = FieldReader.text(text(row, AzureColumn.PRICING_CURRENCY));
    if (!schema.has(AzureColumn.COST_IN_BILLING_CURRENCY)) {
      cost = pricingCost;
      currency = currency != null ? currency : pricingCurrency;
    }
    if (currency == null && !schema.has(AzureColumn.BILLING_CURRENCY) && !schema.has(AzureColumn.PRICING_CURRENCY)) {
      currency = options.defaultCurrency();
    }
    if (cost == null && FieldReader.text(text(row, AzureColumn.COST_IN_BILLING_CURRENCY)) == null) {
      fields.violation("BilledCost", "Required", "the row has no cost", null);
    }

    Instant chargeStart = day(fields.instant("ChargePeriodStart", text(row, AzureColumn.DATE)));
    Instant billingStart = day(fields.instant("BillingPeriodStart", text(row, AzureColumn.BILLING_PERIOD_START)));
    Instant billingEndInclusive = day(fields.instant("BillingPeriodEnd", text(row, AzureColumn.BILLING_PERIOD_END)));
    BigDecimal quantity = fields.decimal("PricingQuantity", text(row, AzureColumn.QUANTITY));
    BigDecimal unitPrice = fields.decimal("ContractedUnitPrice", text(row, AzureColumn.UNIT_PRICE));
    BigDecimal paygPrice = fields.decimal("ListUnitPrice", text(row, AzureColumn.PAYG_PRICE));
    BigDecimal paygCost = fields.decimal("ListCost", text(row, AzureColumn.PAYG_COST_IN_BILLING_CURRENCY));
    Map<String, String> tags = tags(fields, text(row, AzureColumn.TAGS));

    AzureCharge charge = AzureCharge.of(text(row, AzureColumn.CHARGE_TYPE), text(row, AzureColumn.FREQUENCY),
        text(row, AzureColumn.PRICING_MODEL), text(row, AzureColumn.BENEFIT_ID), text(row, AzureColumn.BENEFIT_NAME),
        text(row, AzureColumn.RESERVATION_ID), text(row, AzureColumn.RESERVATION_NAME),
        FieldReader.text(text(row, AzureColumn.PREVIOUS_INVOICE_ID)) != null);

    String subscriptionId = FieldReader.text(text(row, AzureColumn.SUBSCRIPTION_ID));
    Account account = billingAccount(row, subscriptionId);
    String resourceId = FieldReader.text(text(row, AzureColumn.RESOURCE_ID));
    String meterCategory = FieldReader.text(text(row, AzureColumn.METER_CATEGORY));
    String consumedService = FieldReader.text(text(row, AzureColumn.CONSUMED_SERVICE));
    String meterId = FieldReader.text(text(row, AzureColumn.METER_ID));

    CostRecord.Builder b = CostRecord.builder()
        .billingAccountId(account.id())
        .billingAccountName(account.name())
        .billingCurrency(currency == null ? null : currency.toUpperCase(Locale.ROOT))
        .subAccountId(subscriptionId)
        .subAccountName(FieldReader.text(text(row, AzureColumn.SUBSCRIPTION_NAME)))
        .chargeCategory(charge.chargeCategory())
        .chargeClass(charge.chargeClass())
        .chargeFrequency(charge.chargeFrequency())
        .pricingCategory(charge.pricingCategory())
        .chargeDescription(description(row))
        .providerName(PROVIDER_NAME)
        .publisherName(orElse(FieldReader.text(text(row, AzureColumn.PUBLISHER_NAME)), PROVIDER_NAME))
        .invoiceIssuerName(orElse(FieldReader.text(text(row, AzureColumn.PARTNER_NAME)), PROVIDER_NAME))
        .invoiceId(FieldReader.text(text(row, AzureColumn.INVOICE_ID)))
        .serviceName(serviceName(row, meterCategory, consumedService))
        .serviceCategory(AzureServiceCategories.of(consumedService, meterCategory))
        .serviceSubcategory(FieldReader.text(text(row, AzureColumn.METER_SUBCATEGORY)))
        .resourceId(resourceId)
        .resourceName(orElse(FieldReader.text(text(row, AzureColumn.RESOURCE_NAME)), lastSegment(resourceId)))
        .resourceType(FieldReader.text(text(row, AzureColumn.RESOURCE_TYPE)))
        .availabilityZone(FieldReader.text(text(row, AzureColumn.AVAILABILITY_ZONE)))
        .skuId(orElse(FieldReader.text(text(row, AzureColumn.PRODUCT_ID)), FieldReader.text(text(row, AzureColumn.PART_NUMBER))))
        .skuPriceId(meterId)
        .commitmentDiscountId(charge.commitmentId())
        .commitmentDiscountName(charge.commitmentName())
        .commitmentDiscountType(charge.commitmentType())
        .commitmentDiscountCategory(charge.commitmentCategory())
        .commitmentDiscountStatus(charge.commitmentStatus())
        .tags(tags)
        .xUsageType(AzureJsonObjects.field(text(row, AzureColumn.ADDITIONAL_INFO), "UsageType"));
    region(b, row);

    if (chargeStart != null) {
      b.chargePeriodStart(chargeStart).chargePeriodEnd(chargeStart.plus(1, ChronoUnit.DAYS));
      if (billingStart == null || billingEndInclusive == null) {
        LocalDate month = LocalDate.ofInstant(chargeStart, ZoneOffset.UTC).withDayOfMonth(1);
        billingStart = month.atStartOfDay().toInstant(ZoneOffset.UTC);
        billingEndInclusive = month.plusMonths(1).minusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
      }
    }
    if (billingStart != null && billingEndInclusive != null) {
      // Azure's BillingPeriodEndDate is the last day of the period; FOCUS's end is exclusive.
      b.billingPeriodStart(billingStart).billingPeriodEnd(billingEndInclusive.plus(1, ChronoUnit.DAYS));
    }

    if (cost != null) {
      BigDecimal billed = metric == CostMetric.AMORTIZED_COST && charge.commitmentCovered() ? BigDecimal.ZERO : cost;
      BigDecimal effective = charge.commitmentPurchase() ? BigDecimal.ZERO : cost;
      b.billedCost(billed).effectiveCost(effective);
      if (pricingCost != null && schema.has(AzureColumn.COST_IN_BILLING_CURRENCY)) {
        b.pricingCurrency(pricingCurrency == null ? null : pricingCurrency.toUpperCase(Locale.ROOT))
            .pricingCurrencyEffectiveCost(charge.commitmentPurchase() ? BigDecimal.ZERO : pricingCost);
      }
      quantities(b, row, quantity, unitPrice, paygPrice, paygCost, cost, charge);
    }

    violations.addAll(fields.violations());
    CostRecord record = b.build();
    violations.addAll(validator.validate(record));
    if (!violations.isEmpty()) {
      return new NormalizeResult.Rejected(violations.stream().distinct().toList());
    }
    CostRecord.Builder out = record.toBuilder()
        .xProvider("azure")
        .xSource(options.sourceName())
        .xDataset(context != null && context.job() != null ? context.job().dataset().code()
            : metric == CostMetric.AMORTIZED_COST ? "amortized" : "usage")
        .xSourcePosition(raw.position())
        .xSourceVersion(context == null ? null : context.sourceVersion())
        .xIngestionJobId(context == null || context.job() == null ? null : context.job().jobId());
    CostRecord done = out.build();
    String hash = DedupeKey.ofAttributes("azure", done.billingAccountId(), done.subAccountId(), done.resourceId(),
        done.chargePeriodStart(), done.chargePeriodEnd(), meterId != null ? meterId : done.chargeDescription(),
        done.chargeCategory(), done.pricingCategory(),
        String.valueOf(FieldReader.text(text(row, AzureColumn.CHARGE_TYPE))), String.valueOf(done.commitmentDiscountId()),
        String.valueOf(FieldReader.text(text(row, AzureColumn.ADDITIONAL_INFO))),
        String.valueOf(FieldReader.text(text(row, AzureColumn.UNIT_OF_MEASURE))),
        quantity == null ? "" : quantity.toPlainString(), done.billedCost().toPlainString(),
        done.effectiveCost().toPlainString()).hash();
    return NormalizeResult.accept(done.toBuilder().xSourceRecordHash(hash).build());
  }

  private void quantities(CostRecord.Builder b, CsvRow row, BigDecimal quantity, BigDecimal unitPrice,
      BigDecimal paygPrice, BigDecimal paygCost, BigDecimal cost, AzureCharge charge) {
    PricingUnit unit = units.resolve(FieldReader.text(text(row, AzureColumn.UNIT_OF_MEASURE)));
    BigDecimal block = unit == null ? BigDecimal.ONE : unit.blockSize();
    if (quantity != null && unit != null) {
      BigDecimal pricingQuantity = quantity.multiply(block);
      b.pricingQuantity(pricingQuantity).pricingUnit(unit.distinctUnits());
      if (charge.chargeCategory().equals("Usage")) {
        b.consumedQuantity(pricingQuantity).consumedUnit(unit.distinctUnits());
      }
    }
    BigDecimal contracted = unitPrice != null && quantity != null && unitPrice.signum() != 0
        ? unitPrice.multiply(quantity) : cost;
    BigDecimal list = paygCost != null ? paygCost
        : paygPrice != null && quantity != null && paygPrice.signum() != 0 ? paygPrice.multiply(quantity) : contracted;
    b.contractedCost(contracted).listCost(list);
    if (unitPrice != null) {
      b.contractedUnitPrice(unitPrice.divide(block, PRICE));
    }
    if (paygPrice != null && paygPrice.signum() != 0) {
      b.listUnitPrice(paygPrice.divide(block, PRICE));
    }
  }

  private Account billingAccount(CsvRow row, String subscriptionId) {
    if (schema.headerSet() == AzureHeaderSet.MCA || schema.headerSet() == AzureHeaderSet.MCA_PARTNER) {
      // FOCUS maps an MCA billing profile (the invoice scope) to BillingAccountId.
      String profile = FieldReader.text(text(row, AzureColumn.BILLING_PROFILE_ID));
      if (profile != null) {
        return new Account(profile, FieldReader.text(text(row, AzureColumn.BILLING_PROFILE_NAME)));
      }
    }
    String id = FieldReader.text(text(row, AzureColumn.BILLING_ACCOUNT_ID));
    String name = FieldReader.text(text(row, AzureColumn.BILLING_ACCOUNT_NAME));
    if (id == null) {
      // Pay-as-you-go subscriptions are their own billing account.
      return new Account(subscriptionId, orElse(name, FieldReader.text(text(row, AzureColumn.SUBSCRIPTION_NAME))));
    }
    return new Account(id, name);
  }

  private String description(CsvRow row) {
    String product = FieldReader.text(text(row, AzureColumn.PRODUCT));
    if (product != null) {
      return product;
    }
    String meter = FieldReader.text(text(row, AzureColumn.METER_NAME));
    String category = FieldReader.text(text(row, AzureColumn.METER_CATEGORY));
    if (meter != null && category != null) {
      return category + " - " + meter;
    }
    return meter != null ? meter : category;
  }

  private String serviceName(CsvRow row, String meterCategory, String consumedService) {
    String name = FieldReader.text(text(row, AzureColumn.SERVICE_NAME));
    if (name != null) {
      return name;
    }
    return meterCategory != null ? meterCategory : consumedService;
  }

  private void region(CostRecord.Builder b, CsvRow row) {
    String location = FieldReader.text(text(row, AzureColumn.RESOURCE_LOCATION));
    String display = FieldReader.text(text(row, AzureColumn.LOCATION));
    if (location != null && location.chars().allMatch(Character::isLetterOrDigit)) {
      b.regionId(location.toLowerCase(Locale.ROOT)).regionName(display);
    } else {
      b.regionName(orElse(display, location));
    }
  }

  private Map<String, String> tags(FieldReader fields, String text) {
    try {
      return AzureJsonObjects.tags(text);
    } catch (JsonProcessingException e) {
      fields.violation("Tags", "KeyValueFormat", "is not a JSON object of tags (with or without braces)", text);
      return null;
    }
  }

  private String text(CsvRow row, AzureColumn column) {
    return schema.get(row, column);
  }

  private static Instant day(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.DAYS);
  }

  private static String lastSegment(String resourceId) {
    if (resourceId == null) {
      return null;
    }
    String r = resourceId.endsWith("/") ? resourceId.substring(0, resourceId.length() - 1) : resourceId;
    int slash = r.lastIndexOf('/');
    String last = slash < 0 ? r : r.substring(slash + 1);
    return last.isEmpty() ? null : last;
  }

  private static String orElse(String value, String fallback) {
    return value != null ? value : fallback;
  }

  @Override
  public String rawText(CsvRow raw) {
    return raw.toCsvLine();
  }
}
