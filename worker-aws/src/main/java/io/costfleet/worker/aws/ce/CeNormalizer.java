package io.costfleet.worker.aws.ce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Provider;
import io.costfleet.model.CostRecord;
import io.costfleet.model.DedupeKey;
import io.costfleet.source.FieldReader;
import io.costfleet.source.NormalizeContext;
import io.costfleet.source.NormalizeResult;
import io.costfleet.source.Normalizer;
import io.costfleet.source.RawRecord;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Normalizes one Cost Explorer group into one FOCUS record (README, "Sources → AWS Cost Explorer",
 * has the column mapping). Pure: same group and job, same record.
 *
 * <p>Deduplication key: Cost Explorer has no line-item id, so the key is
 * {@link DedupeKey#ofAttributes} over provider {@code aws}, the billing account (the job's
 * account), the linked account if grouped by it, the day (charge period), the charge category, and
 * as discriminators the source {@code cost-explorer}, the dataset and every group key with its
 * definition ({@code DIMENSION:SERVICE=Amazon S3}, {@code TAG:Environment=} for untagged).
 */
public final class CeNormalizer implements Normalizer<CeGroup> {
  public static final String SOURCE = "cost-explorer";
  static final String AWS_ISSUER = "Amazon Web Services, Inc.";

  private final ObjectMapper json;

  public CeNormalizer(ObjectMapper json) {
    this.json = json;
  }

  @Override
  public NormalizeResult normalize(RawRecord<CeGroup> raw, NormalizeContext context) {
    CeGroup g = raw.value();
    ExtractionJob job = context.job();
    FieldReader fields = new FieldReader();
    Instant start = day(fields, "ChargePeriodStart", g.start());
    Instant end = day(fields, "ChargePeriodEnd", g.end());

    List<String> keys = new ArrayList<>();
    JsonNode keyNodes = g.group().get("Keys");
    if (keyNodes == null || !keyNodes.isArray()) {
      fields.violation("x_GroupKeys", "Required", "group has no Keys array", null);
    } else {
      keyNodes.forEach(k -> keys.add(k.asText()));
      if (keys.size() != g.definitions().size()) {
        fields.violation("x_GroupKeys", "GroupKeyCount", "group has " + keys.size() + " key(s) for "
            + g.definitions().size() + " group definition(s)", String.join("|", keys));
      }
    }
    JsonNode metrics = g.group().get("Metrics");
    if (metrics == null || !metrics.isObject()) {
      fields.violation("BilledCost", "Required", "group has no Metrics", null);
      metrics = json.createObjectNode();
    }
    BigDecimal unblended = amount(fields, metrics, "UnblendedCost");
    BigDecimal amortized = amount(fields, metrics, "AmortizedCost");
    BigDecimal netAmortized = amount(fields, metrics, "NetAmortizedCost");
    BigDecimal usage = amount(fields, metrics, "UsageQuantity");
    BigDecimal billed = unblended != null ? unblended : amortized;
    if (billed == null && !metrics.has("UnblendedCost") && !metrics.has("AmortizedCost")) {
      fields.violation("BilledCost", "Required", "group has neither UnblendedCost nor AmortizedCost", null);
    }
    BigDecimal effective = netAmortized != null ? netAmortized : amortized != null ? amortized : unblended;
    String currency = FieldReader.text(metrics.path(unblended != null ? "UnblendedCost" : "AmortizedCost")
        .path("Unit").asText(null));
    if (!fields.ok()) {
      return NormalizeResult.reject(fields.violations());
    }

    Map<String, String> dimensions = new TreeMap<>();
    Map<String, String> tags = new TreeMap<>();
    List<String> discriminators = new ArrayList<>(List.of(SOURCE, job.dataset().code()));
    for (int i = 0; i < keys.size(); i++) {
      CeGroup.Definition d = g.definitions().get(i);
      String key = keys.get(i);
      discriminators.add(d.type() + ":" + d.key() + "=" + key);
      if ("TAG".equals(d.type())) {
        String value = key.startsWith(d.key() + "$") ? key.substring(d.key().length() + 1) : key;
        if (!value.isEmpty()) {
          tags.put(d.key(), value);
        }
      } else if ("DIMENSION".equals(d.type())) {
        dimensions.put(d.key(), key);
      } else {
        String value = key.startsWith(d.key() + "$") ? key.substring(d.key().length() + 1) : key;
        if (!value.isEmpty()) {
          tags.put("costCategory:" + d.key(), value);
        }
      }
    }
    String service = dimensions.get("SERVICE");
    String recordType = dimensions.get("RECORD_TYPE");
    String category = chargeCategory(service, recordType);
    String usageUnit = FieldReader.text(metrics.path("UsageQuantity").path("Unit").asText(null));
    if ("N/A".equals(usageUnit)) {
      usageUnit = null;
    }
    String subAccount = dimensions.get("LINKED_ACCOUNT");
    Instant periodStart = job.billingPeriod().atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant periodEnd = job.billingPeriod().plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);

    CostRecord.Builder b = CostRecord.builder()
        .billedCost(billed)
        .effectiveCost(effective)
        .listCost(billed)
        .contractedCost(billed)
        .pricingQuantity(usage)
        .pricingUnit(usageUnit)
        .consumedQuantity("Usage".equals(category) ? usage : null)
        .consumedUnit("Usage".equals(category) ? usageUnit : null)
        .billingPeriodStart(periodStart)
        .billingPeriodEnd(periodEnd)
        .chargePeriodStart(start)
        .chargePeriodEnd(end)
        .billingAccountId(job.accountId())
        .billingCurrency(currency)
        .chargeCategory(category)
        .chargeFrequency("Usage".equals(category) ? "Usage-Based" : null)
        .chargeDescription(keys.isEmpty() ? "All services" : String.join(" / ", keys))
        .invoiceIssuerName(AWS_ISSUER)
        .providerName(Provider.AWS.focusName())
        .publisherName(AWS_ISSUER)
        .serviceName(service != null ? service : "AWS (all services)")
        .serviceCategory(CeServiceCategories.of(service))
        .regionId(dimensions.get("REGION"))
        .availabilityZone(dimensions.get("AZ"))
        .subAccountId(subAccount)
        .tags(tags)
        .xProvider(Provider.AWS.code())
        .xSource(SOURCE)
        .xDataset(job.dataset().code())
        .xUsageType(dimensions.get("USAGE_TYPE"))
        .xSourcePosition(raw.position())
        .xSourceVersion(context.sourceVersion());
    String hash = DedupeKey.ofAttributes(Provider.AWS.code(), job.accountId(), subAccount, null, start, end, null,
        category, null, discriminators.toArray(String[]::new)).hash();
    return NormalizeResult.accept(b.xSourceRecordHash(hash).build());
  }

  /** FOCUS ChargeCategory from the SERVICE or RECORD_TYPE key (Usage when neither says otherwise). */
  static String chargeCategory(String service, String recordType) {
    if ("Tax".equals(service) || "Tax".equals(recordType)) {
      return "Tax";
    }
    if (recordType == null) {
      return "Usage";
    }
    return switch (recordType) {
      case "Credit", "Refund" -> "Credit";
      case "RIFee", "SavingsPlanRecurringFee", "SavingsPlanUpfrontFee", "Upfront", "Recurring reservation fee" ->
          "Purchase";
      case "Usage", "DiscountedUsage", "SavingsPlanCoveredUsage", "SavingsPlanNegation" -> "Usage";
      default -> "Adjustment";
    };
  }

  private static BigDecimal amount(FieldReader fields, JsonNode metrics, String metric) {
    JsonNode m = metrics.get(metric);
    if (m == null) {
      return null;
    }
    JsonNode amount = m.get("Amount");
    if (amount == null || amount.isNull()) {
      fields.violation(column(metric), "Required", metric + " has no Amount", null);
      return null;
    }
    BigDecimal v = fields.decimal(column(metric), amount.asText());
    if (v == null && FieldReader.text(amount.asText()) == null) {
      fields.violation(column(metric), "Required", metric + " Amount is blank", amount.asText());
    }
    return v;
  }

  private static String column(String metric) {
    return switch (metric) {
      case "UnblendedCost" -> "BilledCost";
      case "UsageQuantity" -> "PricingQuantity";
      default -> "EffectiveCost";
    };
  }

  private static Instant day(FieldReader fields, String column, String text) {
    if (FieldReader.text(text) == null) {
      fields.violation(column, "Required", "result has no TimePeriod", text);
      return null;
    }
    try {
      return LocalDate.parse(text.strip().substring(0, Math.min(10, text.strip().length())))
          .atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      fields.violation(column, "DateTime", "is not a date", text);
      return null;
    }
  }

  @Override
  public String rawText(CeGroup raw) {
    ObjectNode node = json.createObjectNode();
    ObjectNode period = node.putObject("TimePeriod");
    period.put("Start", raw.start());
    period.put("End", raw.end());
    node.put("Estimated", raw.estimated());
    var defs = node.putArray("GroupDefinitions");
    raw.definitions().forEach(d -> defs.addObject().put("Type", d.type()).put("Key", d.key()));
    node.set("Group", raw.group());
    return node.toString();
  }
}
