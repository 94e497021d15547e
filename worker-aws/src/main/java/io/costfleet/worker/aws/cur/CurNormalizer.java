package io.costfleet.worker.aws.cur;

import static io.costfleet.worker.aws.cur.CurField.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.costfleet.focus.FocusCsvNormalizer;
import io.costfleet.model.CostRecord;
import io.costfleet.model.DedupeKey;
import io.costfleet.source.FieldReader;
import io.costfleet.source.NormalizeContext;
import io.costfleet.source.NormalizeResult;
import io.costfleet.source.Normalizer;
import io.costfleet.source.RawRecord;
import io.costfleet.source.csv.CsvHeader;
import io.costfleet.source.csv.CsvRow;
import io.costfleet.validation.RecordValidator;
import io.costfleet.validation.Violation;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Normalizes CUR rows (legacy, CUR 2.0 / Data Exports, Athena snake_case; and FOCUS exports from
 * Data Exports, through {@link FocusCsvNormalizer}) into FOCUS 1.2 records. Pure and thread-safe;
 * the caches it keeps (resolved headers, parsed timestamps) do not change its results.
 *
 * <p>The mapping (README "Sources → AWS CUR and Data Exports" has the full table): BilledCost is
 * {@code lineItem/NetUnblendedCost} where the report has it, else {@code lineItem/UnblendedCost};
 * EffectiveCost is the amortized cost per line item type ({@link CurLineItemType.Amortization});
 * ListCost is {@code pricing/publicOnDemandCost} (else rate × amount, else BilledCost);
 * ContractedCost is the unblended cost. A line whose charge period starts before its billing
 * period is {@code ChargeClass=Correction}. Rows are rejected with every reason: ragged rows,
 * missing or unparseable required values, unknown line item types, and the record contract.
 *
 * <p>Deduplication key: {@code identity/LineItemId} with {@code identity/TimeInterval} (AWS
 * documents line item ids as unique only within a time interval of one delivery); rows without a
 * line item id use the attribute key. Line item ids change between deliveries, so a restatement is
 * handled by replacing the partition, not by dedupe (README, restatements).
 */
public final class CurNormalizer implements Normalizer<CurRow> {
  /** FOCUS ProviderName of every CUR record. */
  public static final String PROVIDER_NAME = "AWS";
  static final String PROVIDER = "aws";
  static final String SOURCE = "cur";
  private static final String AWS_ENTITY = "Amazon Web Services, Inc.";
  private static final int CACHE_LIMIT = 65_536;

  private final RecordValidator validator;
  private final boolean validate;
  private final String defaultCurrency;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<CsvHeader, CurColumns> columns = new ConcurrentHashMap<>();
  private final Map<CsvHeader, FocusCsvNormalizer> focus = new ConcurrentHashMap<>();
  private final Map<String, Instant> instants = new ConcurrentHashMap<>();

  /**
   * A normalizer that also checks each record against the FOCUS 1.2 contract.
   *
   * @param validator       the shared record validator
   * @param defaultCurrency the billing currency of a report that has no {@code lineItem/CurrencyCode}
   *                        column at all (custom Data Exports may leave it out); null to reject such rows
   */
  public CurNormalizer(RecordValidator validator, String defaultCurrency) {
    this(validator, defaultCurrency, true);
  }

  /**
   * @param validate whether to check the record contract here; the runner's stager validates every
   *                 record it stages, so the worker passes false and the check runs once
   */
  public CurNormalizer(RecordValidator validator, String defaultCurrency, boolean validate) {
    this.validator = validator;
    this.defaultCurrency = defaultCurrency;
    this.validate = validate;
  }

  /** The resolved columns of a header (cached per header instance, i.e. per file). */
  CurColumns columns(CsvHeader header) {
    CurColumns c = columns.get(header);
    if (c == null) {
      if (columns.size() > 256) {
        columns.clear();
      }
      c = CurColumns.of(header);
      columns.put(header, c);
    }
    return c;
  }

  @Override
  public NormalizeResult normalize(RawRecord<CurRow> raw, NormalizeContext context) {
    CsvRow row = raw.value().row();
    CurColumns cols = columns(row.header());
    String version = context != null && context.sourceVersion() != null ? context.sourceVersion()
        : raw.value().sourceVersion();
    if (cols.focus()) {
      return normalizeFocus(raw, row, context, version);
    }
    if (row.ragged()) {
      return NormalizeResult.reject(List.of(new Violation("record", "Ragged",
          "row has " + row.values().length + " fields, header has " + row.header().size(), null)));
    }
    CurRowView v = new CurRowView(row, cols, json);
    FieldReader fields = new FieldReader();

    CurLineItemType type = CurLineItemType.USAGE;
    if (v.has(LINE_ITEM_TYPE)) {
      String typeText = v.text(LINE_ITEM_TYPE);
      type = typeText == null ? null : CurLineItemType.of(typeText);
      if (typeText == null) {
        fields.violation("ChargeCategory", "Required", "lineItem/LineItemType is empty", null);
      } else if (type == null) {
        fields.violation("ChargeCategory", "UnknownLineItemType", "unknown lineItem/LineItemType", typeText);
      }
    }
    BigDecimal unblended = fields.decimal("BilledCost", v.raw(UNBLENDED_COST));
    BigDecimal net = fields.decimal("BilledCost", v.raw(NET_UNBLENDED_COST));
    boolean useNet = net != null;
    BigDecimal billed = useNet ? net : unblended;
    if (billed == null && FieldReader.text(v.raw(UNBLENDED_COST)) == null) {
      fields.violation("BilledCost", "Required", "lineItem/UnblendedCost is empty", null);
    }
    BigDecimal usageAmount = fields.decimal("PricingQuantity", v.raw(USAGE_AMOUNT));
    BigDecimal listRate = fields.decimal("ListUnitPrice", v.raw(PUBLIC_ON_DEMAND_RATE));
    BigDecimal listCost = fields.decimal("ListCost", v.raw(PUBLIC_ON_DEMAND_COST));
    BigDecimal unblendedRate = fields.decimal("ContractedUnitPrice", v.raw(UNBLENDED_RATE));

    Instant chargeStart = instant(fields, "ChargePeriodStart", v.text(USAGE_START));
    Instant chargeEnd = instant(fields, "ChargePeriodEnd", v.text(USAGE_END));
    if ((chargeStart == null || chargeEnd == null) && v.text(TIME_INTERVAL) != null) {
      String[] interval = v.text(TIME_INTERVAL).split("/", 2);
      chargeStart = chargeStart != null ? chargeStart : instant(fields, "ChargePeriodStart", interval[0]);
      chargeEnd = chargeEnd != null || interval.length < 2 ? chargeEnd : instant(fields, "ChargePeriodEnd", interval[1]);
    }
    Instant billingStart = instant(fields, "BillingPeriodStart", v.text(BILLING_PERIOD_START));
    Instant billingEnd = instant(fields, "BillingPeriodEnd", v.text(BILLING_PERIOD_END));
    if (!v.has(BILLING_PERIOD_START) || !v.has(BILLING_PERIOD_END)) {
      YearMonth period = context != null && context.job() != null ? context.job().billingPeriod()
          : chargeStart == null ? null : YearMonth.from(chargeStart.atOffset(ZoneOffset.UTC));
      if (period != null) {
        billingStart = billingStart != null ? billingStart : period.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        billingEnd = billingEnd != null ? billingEnd
            : period.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
      }
    }

    String currency = v.has(CURRENCY) ? v.text(CURRENCY) : defaultCurrency;
    requirePresent(fields, "BillingCurrency", currency, "lineItem/CurrencyCode");
    requirePresent(fields, "ChargePeriodStart", v.text(USAGE_START) != null ? "" : chargeStart,
        "lineItem/UsageStartDate");
    requirePresent(fields, "ChargePeriodEnd", v.text(USAGE_END) != null ? "" : chargeEnd, "lineItem/UsageEndDate");
    BigDecimal effective = type == null || billed == null ? null : effectiveCost(type, v, fields, billed, useNet);
    Map<String, String> tags = null;
    try {
      tags = v.tags();
    } catch (IOException e) {
      fields.violation("Tags", "KeyValueFormat", "resource_tags / cost_category is not a JSON object",
          e.getMessage());
    }
    String payer = v.text(PAYER_ACCOUNT_ID);
    if (payer == null && !v.has(PAYER_ACCOUNT_ID) && context != null && context.job() != null) {
      payer = context.job().accountId();
    }
    String usageAccount = v.text(USAGE_ACCOUNT_ID);
    String productCode = v.text(PRODUCT_CODE);
    String serviceName = firstNonNull(v.text(PRODUCT_NAME), productCode);
    String usageType = v.text(USAGE_TYPE);
    String billingEntity = v.text(BILLING_ENTITY);
    String legalEntity = v.text(LEGAL_ENTITY);

    CostRecord.Builder b = CostRecord.builder()
        .billedCost(billed)
        .effectiveCost(effective)
        .listCost(listCost != null ? listCost
            : listRate != null && usageAmount != null ? listRate.multiply(usageAmount) : billed)
        .contractedCost(unblended != null ? unblended : billed)
        .contractedUnitPrice(unblendedRate)
        .listUnitPrice(listRate)
        .billingPeriodStart(billingStart)
        .billingPeriodEnd(billingEnd)
        .chargePeriodStart(chargeStart)
        .chargePeriodEnd(chargeEnd)
        .billingAccountId(payer)
        .billingAccountName(v.text(PAYER_ACCOUNT_NAME))
        .billingCurrency(currency)
        .chargeDescription(v.text(DESCRIPTION))
        .invoiceIssuerName(firstNonNull(v.text(INVOICING_ENTITY), AWS_ENTITY))
        .providerName(PROVIDER_NAME)
        .publisherName(publisher(billingEntity, legalEntity))
        .pricingUnit(v.text(PRICING_UNIT))
        .serviceCategory(AwsServiceCategories.of(productCode))
        .serviceName(serviceName)
        .availabilityZone(v.text(AVAILABILITY_ZONE))
        .regionId(firstNonNull(v.text(PRODUCT_REGION_CODE), v.text(PRODUCT_REGION)))
        .regionName(v.text(PRODUCT_LOCATION))
        .resourceId(v.text(RESOURCE_ID))
        .skuId(v.text(PRODUCT_SKU))
        .skuPriceId(firstNonNull(v.text(RATE_CODE), v.text(RATE_ID)))
        .subAccountId(usageAccount)
        .subAccountName(v.text(USAGE_ACCOUNT_NAME))
        .invoiceId(v.text(INVOICE_ID))
        .tags(tags)
        .xProvider(PROVIDER)
        .xSource(SOURCE)
        .xUsageType(usageType)
        .xSourceVersion(version)
        .xSourcePosition(raw.position());
    if (type != null) {
      b.chargeCategory(type.chargeCategory())
          .chargeFrequency(type.chargeFrequency(v.text(BILL_TYPE)))
          .pricingCategory(pricingCategory(type, v.text(PRICING_TERM), usageType));
      BigDecimal reservedUnits = type == CurLineItemType.RI_FEE
          ? fields.decimal("PricingQuantity", v.raw(RESERVATION_TOTAL_RESERVED_UNITS)) : null;
      b.pricingQuantity(reservedUnits != null ? reservedUnits : usageAmount);
      if (type.consumption()) {
        b.consumedQuantity(usageAmount).consumedUnit(v.text(PRICING_UNIT));
      }
      commitment(b, type, v);
    }
    if (chargeStart != null && billingStart != null && chargeStart.isBefore(billingStart)) {
      b.chargeClass("Correction");
    }
    if (context != null && context.job() != null) {
      b.xIngestionJobId(context.job().jobId()).xDataset(context.job().dataset().code());
    }
    if (fields.ok()) {
      b.xSourceRecordHash(dedupeKey(v, type, payer, usageAccount, chargeStart, chargeEnd, usageType, billed,
          type == null ? null : type.chargeCategory(), pricingCategory(type, v.text(PRICING_TERM), usageType))
          .hash());
    }
    CostRecord record = b.build();
    if (!fields.ok()) {
      // The record contract is only checked on a row whose fields all parsed: a value that failed
      // above would otherwise be reported a second time as a missing column.
      return NormalizeResult.reject(fields.violations().stream().distinct().toList());
    }
    List<Violation> violations = validate ? validator.validate(record) : List.of();
    if (!violations.isEmpty()) {
      return NormalizeResult.reject(violations);
    }
    return NormalizeResult.accept(record);
  }

  private static void requirePresent(FieldReader fields, String focusField, Object value, String curColumn) {
    if (value == null) {
      fields.violation(focusField, "Required", curColumn + " is empty or missing", null);
    }
  }

  private static BigDecimal effectiveCost(CurLineItemType type, CurRowView v, FieldReader fields, BigDecimal billed,
      boolean net) {
    return switch (type.amortization()) {
      case BILLED -> billed;
      case ZERO -> BigDecimal.ZERO;
      case ZERO_IF_RESERVATION -> v.text(RESERVATION_ARN) != null ? BigDecimal.ZERO : billed;
      case RESERVATION_EFFECTIVE -> required(fields, v, net && v.has(RESERVATION_NET_EFFECTIVE_COST)
          ? RESERVATION_NET_EFFECTIVE_COST : RESERVATION_EFFECTIVE_COST, type);
      case SAVINGS_PLAN_EFFECTIVE -> required(fields, v, net && v.has(SAVINGS_PLAN_NET_EFFECTIVE_COST)
          ? SAVINGS_PLAN_NET_EFFECTIVE_COST : SAVINGS_PLAN_EFFECTIVE_COST, type);
      case RESERVATION_UNUSED -> {
        BigDecimal upfront = required(fields, v, RESERVATION_UNUSED_UPFRONT, type);
        BigDecimal recurring = required(fields, v, RESERVATION_UNUSED_RECURRING, type);
        yield upfront == null || recurring == null ? null : upfront.add(recurring);
      }
      case SAVINGS_PLAN_UNUSED -> {
        BigDecimal total = required(fields, v, SAVINGS_PLAN_TOTAL_COMMITMENT, type);
        BigDecimal used = required(fields, v, SAVINGS_PLAN_USED_COMMITMENT, type);
        yield total == null || used == null ? null : total.subtract(used);
      }
    };
  }

  private static BigDecimal required(FieldReader fields, CurRowView v, CurField field, CurLineItemType type) {
    BigDecimal value = fields.decimal("EffectiveCost", v.raw(field));
    if (value == null && FieldReader.text(v.raw(field)) == null) {
      fields.violation("EffectiveCost", "Required", "a " + type.cur() + " line needs " + field.key(), null);
    }
    return value;
  }

  private static void commitment(CostRecord.Builder b, CurLineItemType type, CurRowView v) {
    if (type.commitment() == CurLineItemType.Commitment.NONE) {
      return;
    }
    String savingsPlan = v.text(SAVINGS_PLAN_ARN);
    String reservation = v.text(RESERVATION_ARN);
    String id = savingsPlan != null ? savingsPlan : reservation;
    if (id == null) {
      return;
    }
    b.commitmentDiscountId(id)
        .commitmentDiscountCategory(savingsPlan != null ? "Spend" : "Usage")
        .commitmentDiscountType(savingsPlan != null ? "Savings Plan" : "Reserved Instance");
    if (type == CurLineItemType.DISCOUNTED_USAGE || type == CurLineItemType.SAVINGS_PLAN_COVERED_USAGE) {
      b.commitmentDiscountStatus("Used");
    }
  }

  private static String pricingCategory(CurLineItemType type, String term, String usageType) {
    if (type == CurLineItemType.DISCOUNTED_USAGE || type == CurLineItemType.SAVINGS_PLAN_COVERED_USAGE) {
      return "Committed";
    }
    if (type != CurLineItemType.USAGE) {
      return null;
    }
    if ("Spot".equalsIgnoreCase(term) || usageType != null && usageType.contains("SpotUsage")) {
      return "Dynamic";
    }
    return "Standard";
  }

  /** The seller: the legal entity of the line (a Marketplace vendor), else AWS. */
  private static String publisher(String billingEntity, String legalEntity) {
    if (legalEntity != null) {
      return legalEntity;
    }
    if (billingEntity == null || billingEntity.equals("AWS")) {
      return AWS_ENTITY;
    }
    return billingEntity;
  }

  private static DedupeKey dedupeKey(CurRowView v, CurLineItemType type, String payer, String usageAccount,
      Instant chargeStart, Instant chargeEnd, String usageType, BigDecimal billed, String chargeCategory,
      String pricingCategory) {
    String lineItemId = v.text(LINE_ITEM_ID);
    String interval = v.text(TIME_INTERVAL);
    if (lineItemId != null) {
      return DedupeKey.ofLineItem(PROVIDER, payer, usageAccount, lineItemId,
          interval != null ? interval : chargeStart + "/" + chargeEnd);
    }
    return DedupeKey.ofAttributes(PROVIDER, payer, usageAccount, v.text(RESOURCE_ID), chargeStart, chargeEnd,
        usageType, chargeCategory, pricingCategory, type.cur(), String.valueOf(v.text(OPERATION)),
        String.valueOf(v.text(DESCRIPTION)), billed.toPlainString());
  }

  private Instant instant(FieldReader fields, String focusField, String text) {
    if (text == null) {
      return null;
    }
    Instant cached = instants.get(text);
    if (cached != null) {
      return cached;
    }
    Instant parsed = FieldReader.parseInstant(text);
    if (parsed == null) {
      fields.violation(focusField, "DateTime", "is not a date/time", text);
      return null;
    }
    if (instants.size() >= CACHE_LIMIT) {
      instants.clear();
    }
    instants.put(text, parsed);
    return parsed;
  }

  private NormalizeResult normalizeFocus(RawRecord<CurRow> raw, CsvRow row, NormalizeContext context, String version) {
    FocusCsvNormalizer delegate = focus.computeIfAbsent(row.header(), h -> new FocusCsvNormalizer(h, null, validator));
    NormalizeResult result = delegate.normalize(new RawRecord<>(raw.position(), row),
        new NormalizeContext(context == null ? null : context.job(), version));
    if (result instanceof NormalizeResult.Accepted accepted) {
      return new NormalizeResult.Accepted(accepted.records().stream()
          .map(r -> r.toBuilder().xSource(SOURCE).build()).toList());
    }
    return result;
  }

  private static String firstNonNull(String a, String b) {
    return a != null ? a : b;
  }

  @Override
  public String rawText(CurRow raw) {
    return raw.row().toCsvLine();
  }
}
