package io.costfleet.worker.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.bigquery.Field;
import com.google.cloud.bigquery.FieldList;
import com.google.cloud.bigquery.FieldValue;
import com.google.cloud.bigquery.FieldValueList;
import com.google.cloud.bigquery.LegacySQLTypeName;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns BigQuery result rows into the nested JSON rows the normalizer reads: RECORDs become
 * objects, REPEATED fields arrays, TIMESTAMPs ISO-8601 text, numbers exact decimals (FLOAT64's
 * {@code NaN}/{@code Infinity} stay text for the normalizer to reject). Every column is kept,
 * known or not.
 */
final class BigQueryRows {
  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private BigQueryRows() {}

  static ObjectNode toJson(FieldValueList row, FieldList fields) {
    ObjectNode out = NODES.objectNode();
    for (int i = 0; i < fields.size() && i < row.size(); i++) {
      Field f = fields.get(i);
      out.set(f.getName(), value(row.get(i), f));
    }
    return out;
  }

  private static JsonNode value(FieldValue v, Field f) {
    if (v == null || v.isNull()) {
      return NODES.nullNode();
    }
    if (v.getAttribute() == FieldValue.Attribute.REPEATED) {
      ArrayNode array = NODES.arrayNode();
      for (FieldValue element : v.getRepeatedValue()) {
        array.add(single(element, f));
      }
      return array;
    }
    return single(v, f);
  }

  private static JsonNode single(FieldValue v, Field f) {
    if (v == null || v.isNull()) {
      return NODES.nullNode();
    }
    if (v.getAttribute() == FieldValue.Attribute.RECORD) {
      return toJson(v.getRecordValue(), f.getSubFields());
    }
    LegacySQLTypeName type = f.getType();
    String text = v.getStringValue();
    if (type == LegacySQLTypeName.TIMESTAMP) {
      return NODES.textNode(v.getTimestampInstant().toString());
    }
    if (type == LegacySQLTypeName.FLOAT || type == LegacySQLTypeName.NUMERIC || type == LegacySQLTypeName.BIGNUMERIC
        || type == LegacySQLTypeName.INTEGER) {
      try {
        return NODES.numberNode(new BigDecimal(text));
      } catch (NumberFormatException nanOrInfinity) {
        return NODES.textNode(text);
      }
    }
    if (type == LegacySQLTypeName.BOOLEAN) {
      return NODES.booleanNode(v.getBooleanValue());
    }
    return NODES.textNode(text);
  }

  /** Dotted names of a schema's leaf and repeated columns ({@code service.description}, {@code credits}). */
  static List<String> columns(FieldList fields) {
    List<String> out = new ArrayList<>();
    collect(fields, "", out);
    return out;
  }

  private static void collect(FieldList fields, String prefix, List<String> out) {
    for (Field f : fields) {
      String name = prefix + f.getName();
      out.add(name);
      if (f.getSubFields() != null && f.getMode() != Field.Mode.REPEATED) {
        collect(f.getSubFields(), name + ".", out);
      }
    }
  }
}
