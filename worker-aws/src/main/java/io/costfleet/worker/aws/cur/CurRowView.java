package io.costfleet.worker.aws.cur;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costfleet.source.FieldReader;
import io.costfleet.source.csv.CsvRow;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/** Reads the CUR fields of one row through its file's {@link CurColumns}, including CUR 2.0 map columns. */
final class CurRowView {
  private final CsvRow row;
  private final CurColumns columns;
  private final ObjectMapper json;
  private JsonNode product;
  private boolean productParsed;

  CurRowView(CsvRow row, CurColumns columns, ObjectMapper json) {
    this.row = row;
    this.columns = columns;
    this.json = json;
  }

  /** The field's text (null for blank or absent); product fields fall back to the {@code product} map. */
  String text(CurField field) {
    int i = columns.index(field);
    if (i >= 0) {
      return FieldReader.text(row.get(i));
    }
    if (columns.productMap() >= 0 && field.key().startsWith("product/")) {
      return productEntry(field.key());
    }
    return null;
  }

  /** The raw field text for a typed parse (null when absent). */
  String raw(CurField field) {
    int i = columns.index(field);
    return i >= 0 ? row.get(i) : text(field);
  }

  boolean has(CurField field) {
    return columns.has(field);
  }

  /**
   * Every tag of the row: tag columns, then the {@code resource_tags} and {@code cost_category}
   * map columns; blank values are left out. Null when the row has none.
   *
   * @throws IOException if a map column is not a JSON object
   */
  Map<String, String> tags() throws IOException {
    Map<String, String> tags = null;
    for (CurColumns.TagColumn t : columns.tags()) {
      String v = FieldReader.text(row.get(t.index()));
      if (v != null) {
        tags = tags == null ? new TreeMap<>() : tags;
        tags.putIfAbsent(t.key(), v);
      }
    }
    tags = mapTags(tags, columns.resourceTagsMap(), false);
    return mapTags(tags, columns.costCategoryMap(), true);
  }

  private Map<String, String> mapTags(Map<String, String> tags, int index, boolean costCategory) throws IOException {
    String text = index < 0 ? null : FieldReader.text(row.get(index));
    if (text == null || text.equals("{}")) {
      return tags;
    }
    JsonNode node = json.readTree(text);
    if (!node.isObject()) {
      throw new IOException("not a JSON object");
    }
    Map<String, String> out = tags;
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String v = e.getValue().isNull() ? null : FieldReader.text(e.getValue().asText());
      if (v != null) {
        out = out == null ? new TreeMap<>() : out;
        out.putIfAbsent(costCategory ? CurColumns.costCategory(e.getKey()) : CurColumns.resourceTag(e.getKey()), v);
      }
    }
    return out;
  }

  private String productEntry(String key) {
    if (!productParsed) {
      productParsed = true;
      String text = FieldReader.text(row.get(columns.productMap()));
      if (text != null) {
        try {
          product = json.readTree(text);
        } catch (IOException e) {
          product = null;
        }
      }
    }
    if (product == null || !product.isObject()) {
      return null;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = product.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (CurColumns.productMapKey(e.getKey()).equals(key)) {
        return FieldReader.text(e.getValue().asText());
      }
    }
    return null;
  }
}
