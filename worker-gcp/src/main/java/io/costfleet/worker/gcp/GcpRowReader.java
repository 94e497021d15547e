package io.costfleet.worker.gcp;

import static io.costfleet.worker.gcp.GcpExportColumns.at;
import static io.costfleet.worker.gcp.GcpExportColumns.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.costfleet.source.FieldReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads a nested export row (as BigQuery returns it, or as {@link GcpExportFiles} rebuilds it from
 * a flattened file) into a {@link GcpBillingLine}, reporting every unreadable value to the
 * {@link FieldReader} under its source column name. Columns it does not know are ignored.
 */
final class GcpRowReader {
  private static final DateTimeFormatter INVOICE_MONTH = DateTimeFormatter.ofPattern("yyyyMM");

  private GcpRowReader() {}

  static GcpBillingLine read(JsonNode row, FieldReader f) {
    String account = f.required("billing_account_id", text(row, "billing_account_id"));
    String serviceName = f.required("service.description", text(row, "service.description"));
    String skuId = f.required("sku.id", text(row, "sku.id"));
    Instant start = requiredInstant(f, row, "usage_start_time");
    Instant end = requiredInstant(f, row, "usage_end_time");
    Instant exported = requiredInstant(f, row, "export_time");
    BigDecimal cost = decimal(f, row, "cost");
    if (at(row, "cost") == null) {
      f.violation("cost", "Required", "is required", null);
    }
    String currency = f.required("currency", text(row, "currency"));
    YearMonth invoiceMonth = invoiceMonth(f, text(row, "invoice.month"));
    String costType = f.required("cost_type", text(row, "cost_type"));

    SortedMap<String, String> tags = new TreeMap<>();
    StringBuilder labelsKey = new StringBuilder();
    labels(f, row, "project.labels", tags, null);
    labels(f, row, "labels", tags, labelsKey);
    labels(f, row, "system_labels", tags, labelsKey);
    resourceManagerTags(f, row, tags);

    return new GcpBillingLine(account, text(row, "service.id"), serviceName, skuId, text(row, "sku.description"),
        start, end, exported, cost, currency, decimal(f, row, "currency_conversion_rate"), invoiceMonth, costType,
        text(row, "project.id"), text(row, "project.name"), tags, labelsKey.toString(),
        text(row, "location.location"), text(row, "location.region"), text(row, "location.zone"),
        text(row, "resource.name"), text(row, "resource.global_name"),
        decimal(f, row, "usage.amount"), text(row, "usage.unit"),
        decimal(f, row, "usage.amount_in_pricing_units"), text(row, "usage.pricing_unit"),
        decimal(f, row, "cost_at_list"), decimal(f, row, "price.effective_price"), decimal(f, row, "price.list_price"),
        decimal(f, row, "price.tier_start_amount"), text(row, "seller_name"), text(row, "adjustment_info.id"),
        credits(f, row));
  }

  private static Instant requiredInstant(FieldReader f, JsonNode row, String column) {
    String t = text(row, column);
    if (t == null) {
      f.violation(column, "Required", "is required", null);
      return null;
    }
    return f.instant(column, t);
  }

  static BigDecimal decimal(FieldReader f, JsonNode row, String column) {
    JsonNode n = at(row, column);
    if (n == null) {
      return null;
    }
    if (n.isNumber()) {
      return n.decimalValue();
    }
    if (n.isContainerNode()) {
      f.violation(column, "Decimal", "is not a decimal number", n.toString());
      return null;
    }
    return f.decimal(column, n.asText());
  }

  private static YearMonth invoiceMonth(FieldReader f, String t) {
    if (t == null) {
      f.violation("invoice.month", "Required", "is required", null);
      return null;
    }
    try {
      return YearMonth.parse(t.strip(), INVOICE_MONTH);
    } catch (DateTimeParseException e) {
      f.violation("invoice.month", "YearMonth", "is not a YYYYMM month", t);
      return null;
    }
  }

  /** A repeated column as an array, or null (with a violation) when it holds something else. */
  private static JsonNode array(FieldReader f, JsonNode row, String column) {
    JsonNode n = at(row, column);
    if (n == null) {
      return null;
    }
    if (!n.isArray()) {
      f.violation(column, "List", "is not a list", n.isTextual() ? n.asText() : n.toString());
      return null;
    }
    return n;
  }

  private static void labels(FieldReader f, JsonNode row, String column, SortedMap<String, String> tags,
      StringBuilder key) {
    JsonNode list = array(f, row, column);
    if (list == null) {
      return;
    }
    List<String> pairs = new ArrayList<>();
    for (JsonNode label : list) {
      String k = text(label, "key");
      if (k == null) {
        f.violation(column, "Label", "has an entry without a key", label.toString());
        continue;
      }
      String v = text(label, "value");
      tags.put(k, v == null ? "" : v);
      pairs.add(k + "=" + (v == null ? "" : v));
    }
    if (key != null) {
      pairs.sort(null);
      key.append(column).append('[').append(String.join("\u001f", pairs)).append(']');
    }
  }

  private static void resourceManagerTags(FieldReader f, JsonNode row, SortedMap<String, String> tags) {
    JsonNode list = array(f, row, "tags");
    if (list == null) {
      return;
    }
    for (JsonNode tag : list) {
      String k = text(tag, "key");
      if (k == null) {
        continue;
      }
      String namespace = text(tag, "namespace");
      String v = text(tag, "value");
      tags.put(namespace == null ? k : namespace + "/" + k, v == null ? "" : v);
    }
  }

  private static List<GcpBillingLine.Credit> credits(FieldReader f, JsonNode row) {
    JsonNode list = array(f, row, "credits");
    if (list == null) {
      return List.of();
    }
    List<GcpBillingLine.Credit> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      JsonNode c = list.get(i);
      String column = "credits[" + i + "].amount";
      BigDecimal amount = c.isObject() ? decimal(f, c, "amount") : null;
      if (amount == null) {
        f.violation(column, "Required", "is required", c.toString());
        continue;
      }
      out.add(new GcpBillingLine.Credit(text(c, "name"), text(c, "full_name"), text(c, "id"), text(c, "type"), amount));
    }
    return out;
  }
}
