package io.costfleet.worker.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.costfleet.job.ExtractionJob;
import io.costfleet.model.CostRecord;
import io.costfleet.model.DedupeKey;
import io.costfleet.source.FieldReader;
import io.costfleet.source.NormalizeContext;
import io.costfleet.source.NormalizeResult;
import io.costfleet.source.Normalizer;
import io.costfleet.source.RawRecord;
import io.costfleet.validation.RecordValidator;
import io.costfleet.validation.Violation;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Normalizes Query API rows (daily cost per group) into FOCUS records. Pure.
 *
 * <p>Columns are read by name: the cost is the first of {@code Cost}, {@code PreTaxCost},
 * {@code totalCost}; the day is {@code UsageDate} (an integer {@code yyyymmdd}, or an ISO date);
 * the currency {@code Currency}/{@code BillingCurrency}; grouping columns
 * ({@code SubscriptionId}, {@code ResourceGroupName}, {@code ResourceId}, {@code ServiceName},
 * {@code MeterCategory}, {@code ResourceLocation}, {@code ChargeType}, {@code PricingModel},
 * {@code TagKey}/{@code TagValue}) fill the record where present.
 *
 * <p>Rows of a forecast ({@code CostStatus} other than {@code Actual}) are not costs and are rejected.
 *
 * <p>Money: a {@code usage} job queries {@code ActualCost}, an {@code amortized} job
 * {@code AmortizedCost}; the row's cost is both BilledCost and EffectiveCost unless the grouping
 * includes ChargeType/PricingModel, in which case commitment purchases have no effective cost in
 * actual cost and commitment-covered usage is not billed in amortized cost (as for exports).
 * Query rows carry no prices: ListCost and ContractedCost are the row's cost, PricingQuantity is
 * absent. The billing period is the job's.
 *
 * <p>Deduplication key: the attribute key over the resource (id or resource group), the day,
 * ServiceName, ChargeCategory and PricingCategory, plus the metric, every grouping value and the
 * currency as discriminators (each row is a distinct group of a day).
 */
public final class AzureQueryNormalizer implements Normalizer<QueryRow> {
  static final String SOURCE = "query";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AzureAccounts accounts;
  private final RecordValidator validator;

  public AzureQueryNormalizer(AzureAccounts accounts, RecordValidator validator) {
    this.accounts = accounts;
    this.validator = validator;
  }

  @Override
  public NormalizeResult normalize(RawRecord<QueryRow> raw, NormalizeContext context) {
    if (context == null || context.job() == null) {
      return NormalizeResult.reject(List.of(Violation.of("record", "Context", "a Query API row needs its job")));
    }
    ExtractionJob job = context.job();
    QueryRow row = raw.value();
    QueryRow.Columns cols = row.columns();
    CostMetric metric = CostMetric.of(job.dataset());
    AzureScope scope;
    try {
      scope = accounts.scope(job.accountId());
    } catch (IllegalArgumentException e) {
      return NormalizeResult.reject(List.of(Violation.of("BillingAccountId", "Scope", e.getMessage())));
    }
    FieldReader fields = new FieldReader();
    String status = text(row, "CostStatus");
    if (status != null && !status.equalsIgnoreCase("Actual")) {
      fields.violation("BilledCost", "CostStatus", "a " + status + " row is not an incurred cost", status);
    }
    String costColumn = cols.first("Cost", "PreTaxCost", "totalCost", "CostUSD", "PreTaxCostUSD");
    BigDecimal cost = costColumn == null ? null : fields.decimal("BilledCost", row.text(costColumn));
    if (cost == null) {
      fields.violation("BilledCost", "Required", "the row has no cost column value", null);
    }
    String dateColumn = cols.first("UsageDate", "Date");
    Instant day = dateColumn == null ? null : fields.instant("ChargePeriodStart", row.text(dateColumn));
    if (day == null && dateColumn == null) {
      fields.violation("ChargePeriodStart", "Required", "the page has no UsageDate column (daily granularity)", null);
    }
    String subscriptionId = orElse(text(row, "SubscriptionId", "SubscriptionGuid"), scope.subscriptionId());
    String resourceGroup = orElse(text(row, "ResourceGroupName", "ResourceGroup"), scope.resourceGroup());
    String resourceId = text(row, "ResourceId");
    if (resourceId == null && resourceGroup != null && subscriptionId != null) {
      resourceId = "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup;
    }
    String meterCategory = text(row, "MeterCategory");
    String serviceName = orElse(text(row, "ServiceName"), orElse(meterCategory, "Microsoft Azure"));
    String chargeType = text(row, "ChargeType");
    String pricingModel = text(row, "PricingModel");
    AzureCharge charge = AzureCharge.of(chargeType, text(row, "Frequency"), pricingModel,
        text(row, "BenefitId"), text(row, "BenefitName"), text(row, "ReservationId"), text(row, "ReservationName"),
        false);
    String currency = text(row, "Currency", "BillingCurrency", "BillingCurrencyCode");

    Instant periodStart = job.billingPeriod().atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant periodEnd = job.billingPeriod().plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    CostRecord.Builder b = CostRecord.builder()
        .billingAccountId(scope.billingAccountId())
        .billingAccountName(scope.billingAccountName())
        .billingCurrency(currency == null ? null : currency.toUpperCase(Locale.ROOT))
        .billingPeriodStart(periodStart)
        .billingPeriodEnd(periodEnd)
        .subAccountId(subscriptionId)
        .subAccountName(text(row, "SubscriptionName"))
        .chargeCategory(charge.chargeCategory())
        .chargeClass(charge.chargeClass())
        .chargeFrequency(charge.chargeFrequency())
        .pricingCategory(charge.pricingCategory())
        .chargeDescription(resourceGroup == null ? serviceName : serviceName + " in " + resourceGroup)
        .providerName("Microsoft")
        .publisherName(orElse(text(row, "PublisherName"), "Microsoft"))
        .invoiceIssuerName("Microsoft")
        .serviceName(serviceName)
        .serviceCategory(AzureServiceCategories.of(text(row, "ConsumedService"), orElse(meterCategory, serviceName)))
        .resourceId(resourceId)
        .resourceName(resourceId == null ? null : resourceId.substring(resourceId.lastIndexOf('/') + 1))
        .resourceType(text(row, "ResourceType"))
        .commitmentDiscountId(charge.commitmentId())
        .commitmentDiscountType(charge.commitmentType())
        .commitmentDiscountCategory(charge.commitmentCategory())
        .commitmentDiscountStatus(charge.commitmentStatus());
    String location = text(row, "ResourceLocation");
    if (location != null) {
      if (location.chars().allMatch(Character::isLetterOrDigit)) {
        b.regionId(location.toLowerCase(Locale.ROOT));
      } else {
        b.regionName(location);
      }
    }
    String tagKey = text(row, "TagKey");
    if (tagKey != null) {
      b.tag(tagKey, text(row, "TagValue"));
    }
    if (day != null) {
      Instant start = day.truncatedTo(ChronoUnit.DAYS);
      b.chargePeriodStart(start).chargePeriodEnd(start.plus(1, ChronoUnit.DAYS));
    }
    if (cost != null) {
      BigDecimal billed = metric == CostMetric.AMORTIZED_COST && charge.commitmentCovered() ? BigDecimal.ZERO : cost;
      BigDecimal effective = charge.commitmentPurchase() ? BigDecimal.ZERO : cost;
      b.billedCost(billed).effectiveCost(effective).listCost(cost).contractedCost(cost);
    }
    List<Violation> violations = new ArrayList<>(fields.violations());
    CostRecord record = b.build();
    violations.addAll(validator.validate(record));
    if (!violations.isEmpty()) {
      return NormalizeResult.reject(violations.stream().distinct().toList());
    }
    CostRecord done = record.toBuilder()
        .xProvider("azure")
        .xSource(SOURCE)
        .xDataset(job.dataset().code())
        .xSourcePosition(raw.position())
        .xSourceVersion(context.sourceVersion())
        .xIngestionJobId(job.jobId())
        .build();
    List<String> discriminators = new ArrayList<>();
    discriminators.add(metric.wireName());
    for (String name : cols.names()) {
      if (!name.equalsIgnoreCase(costColumn) && !name.equalsIgnoreCase(dateColumn) && row.get(name) != null
          && !isNumber(cols, name)) {
        discriminators.add(name + "=" + row.text(name));
      }
    }
    String hash = DedupeKey.ofAttributes("azure", done.billingAccountId(), done.subAccountId(), done.resourceId(),
        done.chargePeriodStart(), done.chargePeriodEnd(), done.serviceName(), done.chargeCategory(),
        done.pricingCategory(), discriminators.toArray(String[]::new)).hash();
    return NormalizeResult.accept(done.toBuilder().xSourceRecordHash(hash).build());
  }

  private static boolean isNumber(QueryRow.Columns cols, String name) {
    int i = cols.index(name);
    return i < cols.types().size() && "Number".equalsIgnoreCase(cols.types().get(i));
  }

  private static String text(QueryRow row, String... names) {
    String column = row.columns().first(names);
    return column == null ? null : FieldReader.text(row.text(column));
  }

  private static String orElse(String value, String fallback) {
    return value != null ? value : fallback;
  }

  @Override
  public String rawText(QueryRow raw) {
    ObjectNode o = JSON.createObjectNode();
    List<String> names = raw.columns().names();
    for (int i = 0; i < names.size(); i++) {
      JsonNode v = i < raw.values().size() ? raw.values().get(i) : null;
      o.set(names.get(i), v);
    }
    return o.toString();
  }
}
