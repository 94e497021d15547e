package io.costfleet.worker.azure.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.costfleet.sim.GroundTruth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Cost exports as Cost Management (Exports v2) writes them to a storage container: per export and
 * month, a run folder {@code <root>/<exportName>/<yyyyMMdd-yyyyMMdd>/<yyyyMMddHHmm>/<runId>/} with
 * partitioned {@code part_0_NNNN.csv} files and a {@code manifest.json} listing them (blob names,
 * row and byte counts, run info). Subscriptions alternate between the EA header set (PascalCase,
 * BOM, tags without braces, {@code MM/dd/yyyy} dates) and the MCA one (camelCase, braced tags,
 * billing profile, pricing currency); the {@code focus} export is a FOCUS file. Every
 * {@code malformedEvery}-th data row is written ragged (the ground truth excludes it).
 *
 * <p>Layout the worker is configured for: root folder {@code exports/<subscriptionId>}, export
 * names {@code actual-cost}, {@code amortized-cost}, {@code focus-cost}.
 */
final class SimExports {
  static final String CONTAINER = "costexports";
  static final Map<String, String> EXPORT_NAMES = Map.of("usage", "actual-cost", "amortized", "amortized-cost",
      "focus", "focus-cost");

  private static final DateTimeFormatter US = DateTimeFormatter.ofPattern("MM/dd/yyyy");
  private static final DateTimeFormatter COMPACT = DateTimeFormatter.BASIC_ISO_DATE;
  private static final List<String> EA_COLUMNS = List.of("BillingAccountId", "BillingAccountName",
      "BillingPeriodStartDate", "BillingPeriodEndDate", "BillingProfileId", "BillingProfileName", "AccountOwnerId",
      "AccountName", "SubscriptionId", "SubscriptionName", "Date", "Product", "PartNumber", "MeterId", "ServiceFamily",
      "MeterCategory", "MeterSubCategory", "MeterRegion", "MeterName", "Quantity", "EffectivePrice", "Cost",
      "UnitPrice", "BillingCurrency", "ResourceLocation", "AvailabilityZone", "ConsumedService", "ResourceId",
      "ResourceName", "ServiceInfo1", "ServiceInfo2", "AdditionalInfo", "Tags", "InvoiceSectionId", "InvoiceSection",
      "CostCenter", "UnitOfMeasure", "ResourceGroup", "ReservationId", "ReservationName", "ProductOrderId",
      "ProductOrderName", "OfferId", "IsAzureCreditEligible", "Term", "PublisherName", "PlanName", "ChargeType",
      "Frequency", "PublisherType", "PayGPrice", "PricingModel", "CostAllocationRuleName", "benefitId", "benefitName");
  private static final List<String> MCA_COLUMNS = List.of("invoiceId", "previousInvoiceId", "billingAccountId",
      "billingAccountName", "billingProfileId", "billingProfileName", "invoiceSectionId", "invoiceSectionName",
      "billingPeriodStartDate", "billingPeriodEndDate", "date", "serviceFamily", "consumedService", "meterId",
      "meterName", "meterCategory", "meterSubCategory", "meterRegion", "ProductId", "product", "subscriptionId",
      "subscriptionName", "publisherType", "publisherName", "resourceGroupName", "InstanceName", "resourceLocation",
      "effectivePrice", "quantity", "unitOfMeasure", "chargeType", "billingCurrency", "pricingCurrency",
      "costInBillingCurrency", "costInPricingCurrency", "costInUsd", "paygCostInBillingCurrency",
      "exchangeRatePricingToBilling", "isAzureCreditEligible", "additionalInfo", "tags", "payGPrice", "frequency",
      "term", "reservationId", "reservationName", "unitPrice", "pricingModel", "benefitId", "benefitName");
  private static final List<String> FOCUS_COLUMNS = List.of("BilledCost", "BillingAccountId", "BillingAccountName",
      "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory", "ChargeClass", "ChargeDescription",
      "ChargeFrequency", "ChargePeriodEnd", "ChargePeriodStart", "CommitmentDiscountCategory", "CommitmentDiscountId",
      "CommitmentDiscountName", "CommitmentDiscountStatus", "CommitmentDiscountType", "ConsumedQuantity",
      "ConsumedUnit", "ContractedCost", "ContractedUnitPrice", "EffectiveCost", "InvoiceIssuerName", "ListCost",
      "ListUnitPrice", "PricingCategory", "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName",
      "RegionId", "RegionName", "ResourceId", "ResourceName", "ServiceCategory", "ServiceName", "SkuId", "SkuPriceId",
      "SubAccountId", "SubAccountName", "Tags", "x_BillingProfileId", "x_ResourceGroupName", "x_SkuMeterCategory");

  private final SimLedger ledger;
  private final SimBlobStore store;
  private final int rowsPerBlob;
  private final int malformedEvery;
  private final ObjectMapper json = new ObjectMapper();
  private final List<GroundTruth.Entry> truth = new ArrayList<>();

  SimExports(SimLedger ledger, SimBlobStore store, int rowsPerBlob, int malformedEvery) {
    this.ledger = ledger;
    this.store = store;
    this.rowsPerBlob = rowsPerBlob;
    this.malformedEvery = malformedEvery;
  }

  static String rootFolder(String subscriptionId) {
    return "exports/" + subscriptionId;
  }

  /** Writes one run of every export of every subscription for these months. */
  void publish(List<YearMonth> months, Instant runTime) {
    for (int i = 0; i < ledger.subscriptions().size(); i++) {
      String sub = ledger.subscriptions().get(i);
      boolean mca = i % 2 == 1;
      for (YearMonth month : months) {
        for (String dataset : List.of("usage", "amortized", "focus")) {
          publish(sub, month, dataset, mca, runTime);
        }
      }
    }
  }

  synchronized List<GroundTruth.Entry> truth() {
    return List.copyOf(truth);
  }

  private void publish(String sub, YearMonth month, String dataset, boolean mca, Instant runTime) {
    List<SimCharge> lines = ledger.lines(sub, month).stream().filter(c -> switch (dataset) {
      case "usage" -> c.actualCost() != null;
      case "amortized" -> c.amortizedCost() != null;
      default -> true;
    }).toList();
    List<String> columns = dataset.equals("focus") ? FOCUS_COLUMNS : mca ? MCA_COLUMNS : EA_COLUMNS;
    Function<SimCharge, Map<String, String>> render = dataset.equals("focus") ? c -> focus(c, month)
        : mca ? c -> mca(c, month, dataset.equals("amortized")) : c -> ea(c, month, dataset.equals("amortized"));
    boolean bom = !mca && !dataset.equals("focus");

    String runId = UUID.nameUUIDFromBytes((sub + month + dataset + runTime).getBytes(StandardCharsets.UTF_8)).toString();
    String folder = rootFolder(sub) + "/" + EXPORT_NAMES.get(dataset) + "/" + month.atDay(1).format(COMPACT) + "-"
        + month.atEndOfMonth().format(COMPACT) + "/" + DateTimeFormatter.ofPattern("yyyyMMddHHmm")
        .withZone(java.time.ZoneOffset.UTC).format(runTime) + "/" + runId;
    ArrayNode blobs = json.createArrayNode();
    long bytes = 0;
    long rows = 0;
    long malformed = 0;
    BigDecimal billed = BigDecimal.ZERO;
    BigDecimal effective = BigDecimal.ZERO;
    int part = 0;
    for (int start = 0; start < lines.size(); start += rowsPerBlob) {
      part++;
      StringBuilder csv = new StringBuilder(bom ? "\uFEFF" : "").append(String.join(",", columns)).append("\r\n");
      List<SimCharge> chunk = lines.subList(start, Math.min(lines.size(), start + rowsPerBlob));
      for (int j = 0; j < chunk.size(); j++) {
        SimCharge c = chunk.get(j);
        Map<String, String> values = render.apply(c);
        List<String> cells = new ArrayList<>(columns.size());
        for (String col : columns) {
          cells.add(csv(values.getOrDefault(col, "")));
        }
        long n = start + j + 1;
        if (malformedEvery > 0 && n % malformedEvery == 0) {
          cells = cells.subList(0, cells.size() - 1);
          malformed++;
        } else {
          BigDecimal[] money = money(c, dataset);
          billed = billed.add(money[0]);
          effective = effective.add(money[1]);
        }
        csv.append(String.join(",", cells)).append("\r\n");
      }
      byte[] content = csv.toString().getBytes(StandardCharsets.UTF_8);
      String name = folder + "/part_0_" + String.format("%04d", part) + ".csv";
      store.put(CONTAINER, name, content, "text/csv", runTime);
      blobs.addObject().put("blobName", name).put("byteCount", content.length).put("dataRowCount", chunk.size())
          .put("headerRowCount", 1);
      bytes += content.length;
      rows += chunk.size();
    }
    ObjectNode manifest = json.createObjectNode();
    manifest.put("manifestVersion", "2024-04-01");
    manifest.put("byteCount", bytes);
    manifest.put("blobCount", blobs.size());
    manifest.put("dataRowCount", rows);
    ObjectNode config = manifest.putObject("exportConfig");
    config.put("exportName", EXPORT_NAMES.get(dataset));
    config.put("resourceId", "/subscriptions/" + sub + "/providers/Microsoft.CostManagement/exports/" + EXPORT_NAMES.get(dataset));
    config.put("dataVersion", dataset.equals("focus") ? "1.0" : "2023-12-01-preview");
    config.put("type", dataset.equals("focus") ? "FocusCost" : dataset.equals("amortized") ? "AmortizedCost" : "ActualCost");
    config.put("timeFrame", "MonthToDate");
    config.put("granularity", "Daily");
    ObjectNode delivery = manifest.putObject("deliveryConfig");
    delivery.put("partitionData", true);
    delivery.put("dataOverwriteBehavior", "CreateNewReport");
    delivery.put("fileFormat", "Csv");
    delivery.put("compressionMode", "None");
    delivery.put("rootFolderPath", rootFolder(sub));
    ObjectNode run = manifest.putObject("runInfo");
    run.put("executionType", "Scheduled");
    run.put("submittedTime", runTime.toString());
    run.put("runId", runId);
    run.put("startDate", month.atDay(1) + "T00:00:00");
    run.put("endDate", month.atEndOfMonth() + "T00:00:00");
    manifest.set("blobs", blobs);
    try {
      store.put(CONTAINER, folder + "/manifest.json", json.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest),
          "application/json", runTime);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    synchronized (this) {
      truth.removeIf(t -> t.account().equals(sub) && t.period().equals(month.toString()) && t.dataset().equals(dataset));
      truth.add(new GroundTruth.Entry("azure", sub, month.toString(), dataset, "USD", billed, effective,
          rows - malformed, malformed));
    }
  }

  /** BilledCost and EffectiveCost of a line in an export, as documented for the normalizers. */
  static BigDecimal[] money(SimCharge c, String dataset) {
    return switch (dataset) {
      case "usage" -> new BigDecimal[] {c.actualCost(), c.commitmentPurchase() ? BigDecimal.ZERO : c.actualCost()};
      case "amortized" -> new BigDecimal[] {c.commitmentCovered() ? BigDecimal.ZERO : c.amortizedCost(),
          c.commitmentPurchase() ? BigDecimal.ZERO : c.amortizedCost()};
      default -> new BigDecimal[] {orZero(c.actualCost()), orZero(c.amortizedCost())};
    };
  }

  private static BigDecimal orZero(BigDecimal d) {
    return d == null ? BigDecimal.ZERO : d;
  }

  private Map<String, String> ea(SimCharge c, YearMonth month, boolean amortized) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("BillingAccountId", ledger.billingAccountId());
    v.put("BillingAccountName", "Simulated Enrollment");
    v.put("BillingPeriodStartDate", month.atDay(1).format(US));
    v.put("BillingPeriodEndDate", month.atEndOfMonth().format(US));
    v.put("BillingProfileId", ledger.billingAccountId());
    v.put("BillingProfileName", "Simulated Enrollment");
    v.put("AccountOwnerId", "owner@costfleet.example");
    v.put("AccountName", "costfleet");
    common(v, c, amortized);
    v.put("Date", c.date().format(US));
    v.put("Cost", plain(c.cost(amortized)));
    v.put("BillingCurrency", "USD");
    v.put("ResourceGroup", c.resourceGroup());
    v.put("Tags", tags(c, false));
    v.put("benefitId", nz(c.benefitId()));
    v.put("benefitName", nz(c.benefitName()));
    return v;
  }

  private Map<String, String> mca(SimCharge c, YearMonth month, boolean amortized) {
    Map<String, String> v = new LinkedHashMap<>();
    String profile = "SIM-BP-" + c.subscriptionId().substring(0, 4).toUpperCase();
    v.put("invoiceId", "INV-" + month.toString().replace("-", ""));
    v.put("billingAccountId", ledger.billingAccountId());
    v.put("billingAccountName", "Simulated MCA");
    v.put("billingProfileId", profile);
    v.put("billingProfileName", "Profile " + profile);
    v.put("invoiceSectionId", "SIM-IS-1");
    v.put("invoiceSectionName", "Engineering, R&D");
    v.put("billingPeriodStartDate", month.atDay(1).format(US));
    v.put("billingPeriodEndDate", month.atEndOfMonth().format(US));
    Map<String, String> pascal = new LinkedHashMap<>();
    common(pascal, c, amortized);
    pascal.forEach((k, val) -> v.put(Character.toLowerCase(k.charAt(0)) + k.substring(1), val));
    v.put("ProductId", pascal.get("PartNumber"));
    v.put("product", pascal.get("Product"));
    v.put("InstanceName", c.resourceId());
    v.put("resourceGroupName", c.resourceGroup());
    v.put("date", c.date().format(US));
    v.put("billingCurrency", "USD");
    v.put("pricingCurrency", "USD");
    String cost = plain(c.cost(amortized));
    v.put("costInBillingCurrency", cost);
    v.put("costInPricingCurrency", cost);
    v.put("costInUsd", cost);
    v.put("exchangeRatePricingToBilling", "1");
    v.put("tags", tags(c, true));
    v.put("benefitId", nz(c.benefitId()));
    v.put("benefitName", nz(c.benefitName()));
    return v;
  }

  private static void common(Map<String, String> v, SimCharge c, boolean amortized) {
    v.put("SubscriptionId", c.subscriptionId());
    v.put("SubscriptionName", c.subscriptionName());
    v.put("Product", c.serviceName() + " - " + c.meterName());
    v.put("PartNumber", "SIM-" + c.meterId().substring(0, Math.min(6, c.meterId().length())));
    v.put("MeterId", c.meterId());
    v.put("ServiceFamily", "Compute");
    v.put("MeterCategory", c.meterCategory());
    v.put("MeterSubCategory", c.serviceName());
    v.put("MeterRegion", "US East");
    v.put("MeterName", c.meterName());
    v.put("Quantity", plain(c.quantity()));
    BigDecimal cost = c.cost(amortized);
    v.put("EffectivePrice", c.quantity().signum() == 0 ? "0" : plain(cost.divide(c.quantity(), java.math.MathContext.DECIMAL64)));
    v.put("UnitPrice", plain(c.unitPrice()));
    v.put("PayGPrice", plain(c.unitPrice()));
    v.put("ResourceLocation", c.location());
    v.put("ConsumedService", c.consumedService());
    v.put("ResourceId", c.resourceId());
    v.put("ResourceName", c.resourceId().substring(c.resourceId().lastIndexOf('/') + 1));
    v.put("AdditionalInfo", c.serviceName().equals("Virtual Machines") ? "{\"UsageType\":\"ComputeHR\"}" : "");
    v.put("UnitOfMeasure", c.unitOfMeasure());
    v.put("ReservationId", c.benefitId() == null ? "" : c.benefitId().substring(c.benefitId().lastIndexOf('/') + 1));
    v.put("ReservationName", nz(c.benefitName()));
    v.put("IsAzureCreditEligible", "True");
    v.put("PublisherName", "Microsoft");
    v.put("PublisherType", "Azure");
    v.put("ChargeType", c.chargeType());
    v.put("Frequency", c.frequency());
    v.put("PricingModel", c.pricingModel());
  }

  private Map<String, String> focus(SimCharge c, YearMonth month) {
    Map<String, String> v = new LinkedHashMap<>();
    BigDecimal[] money = money(c, "focus");
    String category = switch (c.chargeType()) {
      case "Purchase", "Refund" -> "Purchase";
      default -> "Usage";
    };
    v.put("BilledCost", plain(money[0]));
    v.put("EffectiveCost", plain(money[1]));
    v.put("ListCost", plain(c.unitPrice().multiply(c.quantity())));
    v.put("ContractedCost", plain(c.unitPrice().multiply(c.quantity())));
    v.put("ListUnitPrice", plain(c.unitPrice()));
    v.put("ContractedUnitPrice", plain(c.unitPrice()));
    v.put("BillingAccountId", ledger.billingAccountId());
    v.put("BillingAccountName", "Simulated Enrollment");
    v.put("BillingCurrency", "USD");
    v.put("BillingPeriodStart", month.atDay(1) + "T00:00:00Z");
    v.put("BillingPeriodEnd", month.plusMonths(1).atDay(1) + "T00:00:00Z");
    v.put("ChargePeriodStart", c.date() + "T00:00:00Z");
    v.put("ChargePeriodEnd", c.date().plusDays(1) + "T00:00:00Z");
    v.put("ChargeCategory", category);
    v.put("ChargeClass", c.chargeType().equals("Refund") ? "Correction" : "");
    v.put("ChargeDescription", c.serviceName() + " - " + c.meterName());
    v.put("ChargeFrequency", switch (c.frequency()) {
      case "OneTime" -> "One-Time";
      case "Recurring" -> "Recurring";
      default -> "Usage-Based";
    });
    if (c.benefitId() != null) {
      v.put("CommitmentDiscountId", c.benefitId());
      v.put("CommitmentDiscountName", c.benefitName());
      v.put("CommitmentDiscountType", "Reservation");
      v.put("CommitmentDiscountCategory", "Usage");
      if (category.equals("Usage")) {
        v.put("CommitmentDiscountStatus", c.chargeType().equals("UnusedReservation") ? "Unused" : "Used");
      }
    }
    v.put("ConsumedQuantity", category.equals("Usage") ? plain(c.quantity()) : "");
    v.put("ConsumedUnit", category.equals("Usage") ? (c.unitOfMeasure().contains("GB") ? "GB" : "Hours") : "");
    v.put("PricingQuantity", plain(c.quantity()));
    v.put("PricingUnit", c.unitOfMeasure().contains("GB") ? "GB" : "Hours");
    v.put("PricingCategory", c.pricingModel().equals("OnDemand") ? "Standard" : "Committed");
    v.put("InvoiceIssuerName", "Microsoft");
    v.put("ProviderName", "Microsoft");
    v.put("PublisherName", "Microsoft");
    v.put("RegionId", c.location());
    v.put("RegionName", "East US");
    v.put("ResourceId", c.resourceId());
    v.put("ResourceName", c.resourceId().substring(c.resourceId().lastIndexOf('/') + 1));
    v.put("ServiceCategory", switch (c.consumedService()) {
      case "Microsoft.Storage" -> "Storage";
      case "Microsoft.Network" -> "Networking";
      case "Microsoft.Web" -> "Web";
      case "Microsoft.Sql", "Microsoft.DocumentDB" -> "Databases";
      default -> "Compute";
    });
    v.put("ServiceName", c.serviceName());
    v.put("SkuId", "SIM-" + c.meterId().substring(0, Math.min(6, c.meterId().length())));
    v.put("SkuPriceId", c.meterId());
    v.put("SubAccountId", "/subscriptions/" + c.subscriptionId());
    v.put("SubAccountName", c.subscriptionName());
    v.put("Tags", tags(c, true));
    v.put("x_BillingProfileId", ledger.billingAccountId());
    v.put("x_ResourceGroupName", c.resourceGroup());
    v.put("x_SkuMeterCategory", c.meterCategory());
    return v;
  }

  private static String tags(SimCharge c, boolean braces) {
    if (c.tags().isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    c.tags().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append('"').append(e.getKey()).append("\": \"").append(e.getValue()).append('"');
    });
    return braces ? "{" + sb + "}" : sb.toString();
  }

  private static String csv(String value) {
    if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0) {
      return '"' + value.replace("\"", "\"\"") + '"';
    }
    return value;
  }

  private static String plain(BigDecimal d) {
    return d == null ? "" : d.toPlainString();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  /** The months a simulator serves: {@code count} months ending with {@code last}. */
  static List<YearMonth> months(YearMonth last, int count) {
    List<YearMonth> out = new ArrayList<>();
    for (int i = count - 1; i >= 0; i--) {
      out.add(last.minusMonths(i));
    }
    return out;
  }
}
