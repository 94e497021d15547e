package io.costfleet.worker.gcp.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The BigQuery schemas of the standard and detailed billing export tables, as the REST API describes them. */
final class ExportSchema {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ExportSchema() {}

  static ArrayNode standard() {
    ArrayNode f = NODES.arrayNode();
    f.add(field("billing_account_id", "STRING"));
    f.add(record("service", "NULLABLE", field("id", "STRING"), field("description", "STRING")));
    f.add(record("sku", "NULLABLE", field("id", "STRING"), field("description", "STRING")));
    f.add(field("usage_start_time", "TIMESTAMP"));
    f.add(field("usage_end_time", "TIMESTAMP"));
    f.add(record("project", "NULLABLE", field("id", "STRING"), field("number", "STRING"), field("name", "STRING"),
        keyValues("labels"), field("ancestry_numbers", "STRING")));
    f.add(keyValues("labels"));
    f.add(keyValues("system_labels"));
    f.add(record("location", "NULLABLE", field("location", "STRING"), field("country", "STRING"),
        field("region", "STRING"), field("zone", "STRING")));
    f.add(field("export_time", "TIMESTAMP"));
    f.add(field("cost", "FLOAT"));
    f.add(field("currency", "STRING"));
    f.add(field("currency_conversion_rate", "FLOAT"));
    f.add(record("usage", "NULLABLE", field("amount", "FLOAT"), field("unit", "STRING"),
        field("amount_in_pricing_units", "FLOAT"), field("pricing_unit", "STRING")));
    f.add(record("credits", "REPEATED", field("name", "STRING"), field("amount", "FLOAT"),
        field("full_name", "STRING"), field("id", "STRING"), field("type", "STRING")));
    f.add(record("invoice", "NULLABLE", field("month", "STRING")));
    f.add(field("cost_type", "STRING"));
    f.add(record("adjustment_info", "NULLABLE", field("id", "STRING"), field("description", "STRING"),
        field("mode", "STRING"), field("type", "STRING")));
    f.add(field("cost_at_list", "FLOAT"));
    return f;
  }

  static ArrayNode detailed() {
    ArrayNode f = standard();
    f.add(record("resource", "NULLABLE", field("name", "STRING"), field("global_name", "STRING")));
    f.add(record("price", "NULLABLE", field("effective_price", "NUMERIC"), field("tier_start_amount", "NUMERIC"),
        field("unit", "STRING"), field("pricing_unit_quantity", "NUMERIC")));
    return f;
  }

  /** The schema without a top-level column. */
  static ArrayNode without(ArrayNode fields, String name) {
    ArrayNode out = NODES.arrayNode();
    fields.forEach(f -> {
      if (!f.get("name").asText().equals(name)) {
        out.add(f.deepCopy());
      }
    });
    return out;
  }

  static ObjectNode field(String name, String type) {
    return NODES.objectNode().put("name", name).put("type", type).put("mode", "NULLABLE");
  }

  private static ObjectNode keyValues(String name) {
    return record(name, "REPEATED", field("key", "STRING"), field("value", "STRING"));
  }

  private static ObjectNode record(String name, String mode, ObjectNode... fields) {
    ObjectNode r = NODES.objectNode().put("name", name).put("type", "RECORD").put("mode", mode);
    ArrayNode sub = r.putArray("fields");
    for (ObjectNode f : fields) {
      sub.add(f);
    }
    return r;
  }
}
