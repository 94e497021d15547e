package io.costfleet.worker.azure;

import com.fasterxml.jackson.databind.JsonNode;
import io.costfleet.source.MalformedPayloadException;
import io.costfleet.source.RawRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * A Query API answer body read: its rows (each with the page's columns) and its {@code nextLink}.
 *
 * @param records  the rows, positioned {@code <prefix>:row-<n>}
 * @param nextLink the next page's URL, or null on the last page
 */
public record QueryAnswer(List<RawRecord<QueryRow>> records, String nextLink) {

  public QueryAnswer {
    records = List.copyOf(records);
  }

  /**
   * Reads {@code properties.columns}, {@code properties.rows} and {@code properties.nextLink}.
   *
   * @throws MalformedPayloadException if the columns or rows are missing or a row is not an array
   */
  public static QueryAnswer parse(JsonNode body, String positionPrefix) {
    JsonNode properties = body.path("properties");
    JsonNode columns = properties.path("columns");
    if (!columns.isArray()) {
      throw new MalformedPayloadException("Cost Management answer has no columns array");
    }
    List<String> names = new ArrayList<>();
    List<String> types = new ArrayList<>();
    for (JsonNode c : columns) {
      names.add(c.path("name").asText());
      types.add(c.path("type").asText());
    }
    QueryRow.Columns cols = new QueryRow.Columns(names, types);
    JsonNode rows = properties.path("rows");
    if (!rows.isArray()) {
      throw new MalformedPayloadException("Cost Management answer has no rows array");
    }
    List<RawRecord<QueryRow>> records = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      JsonNode row = rows.get(i);
      if (!row.isArray()) {
        throw new MalformedPayloadException("row " + (i + 1) + " of the Cost Management answer is not an array");
      }
      records.add(new RawRecord<>(positionPrefix + ":row-" + (i + 1), new QueryRow(cols, row)));
    }
    JsonNode next = properties.path("nextLink");
    return new QueryAnswer(records, next.isTextual() && !next.asText().isBlank() ? next.asText() : null);
  }
}
