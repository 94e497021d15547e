package io.costfleet.worker.gcp.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * Encodes nested rows in the BigQuery REST row format ({@code {"f":[{"v":...}]}}, every scalar a
 * string, a RECORD an {@code f} object, a REPEATED field a list of {@code v} cells), following the
 * schema's field order. Timestamps are int64 microseconds when the client asked for
 * {@code formatOptions.useInt64Timestamp}, else floating seconds as BigQuery writes them.
 * Columns a row has but the schema lacks are not sent; columns the row lacks are null.
 */
final class BigQueryWire {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private BigQueryWire() {}

  static ObjectNode row(JsonNode value, ArrayNode fields, boolean int64Timestamps) {
    ObjectNode row = NODES.objectNode();
    ArrayNode cells = row.putArray("f");
    for (JsonNode field : fields) {
      JsonNode v = value == null ? null : value.get(field.get("name").asText());
      cells.addObject().set("v", cell(v, field, int64Timestamps));
    }
    return row;
  }

  private static JsonNode cell(JsonNode v, JsonNode field, boolean int64Timestamps) {
    if ("REPEATED".equals(field.path("mode").asText())) {
      ArrayNode list = NODES.arrayNode();
      if (v != null && v.isArray()) {
        for (JsonNode element : v) {
          list.addObject().set("v", scalarOrRecord(element, field, int64Timestamps));
        }
      }
      return list;
    }
    return scalarOrRecord(v, field, int64Timestamps);
  }

  private static JsonNode scalarOrRecord(JsonNode v, JsonNode field, boolean int64Timestamps) {
    if (v == null || v.isNull()) {
      return NODES.nullNode();
    }
    String type = field.get("type").asText();
    if (type.equals("RECORD") || type.equals("STRUCT")) {
      return row(v, (ArrayNode) field.get("fields"), int64Timestamps);
    }
    if (type.equals("TIMESTAMP")) {
      Instant t = Instant.parse(v.asText());
      long micros = Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
      if (int64Timestamps) {
        return NODES.textNode(Long.toString(micros));
      }
      return NODES.textNode(new BigDecimal(micros).movePointLeft(6).stripTrailingZeros().toString());
    }
    if (v.isBigDecimal()) {
      return NODES.textNode(v.decimalValue().toString());
    }
    return NODES.textNode(v.asText());
  }
}
