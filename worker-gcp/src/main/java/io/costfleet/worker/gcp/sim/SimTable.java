package io.costfleet.worker.gcp.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One simulated billing export table: its id ({@code project.dataset.table}), the billing account
 * it exports, its BigQuery schema ({@code fields} as the REST API writes them) and its rows.
 */
public record SimTable(String project, String dataset, String table, String billingAccountId, String currency,
    ArrayNode schemaFields, List<Row> rows) {

  public SimTable {
    rows = List.copyOf(rows);
  }

  public String id() {
    return project + "." + dataset + "." + table;
  }

  /** Whether the schema has a top-level or nested column with this dotted name. */
  public boolean hasColumn(String dotted) {
    ArrayNode fields = schemaFields;
    String[] steps = dotted.split("\\.");
    for (int i = 0; i < steps.length; i++) {
      ObjectNode found = null;
      for (var f : fields) {
        if (f.get("name").asText().equals(steps[i])) {
          found = (ObjectNode) f;
        }
      }
      if (found == null) {
        return false;
      }
      if (i < steps.length - 1) {
        if (!found.has("fields")) {
          return false;
        }
        fields = (ArrayNode) found.get("fields");
      }
    }
    return true;
  }

  /**
   * One exported row: the nested value (timestamps as ISO text, numbers exact), when it was
   * exported, and its ingestion partition ({@code _PARTITIONTIME}, the UTC day of export).
   *
   * @param index position in the table, stable for a seed (malformed-row faults use it)
   */
  public record Row(int index, ObjectNode value, Instant exportTime, LocalDate partition) {}
}
