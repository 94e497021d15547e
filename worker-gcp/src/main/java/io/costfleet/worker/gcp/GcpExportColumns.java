package io.costfleet.worker.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.costfleet.source.SchemaException;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The columns of the Cloud Billing export (standard {@code gcp_billing_export_v1_*} and detailed
 * {@code gcp_billing_export_resource_v1_*}) costfleet reads, by their dotted names
 * ({@code service.description} is field {@code description} of record {@code service}).
 *
 * <p>A table or file without one of {@link #REQUIRED} is refused with a {@link SchemaException}
 * naming every missing column: no row of it could be normalized. Every other column is optional;
 * columns costfleet does not know are kept in the raw archive and ignored.
 */
public final class GcpExportColumns {
  /** Without these no row can be normalized or keyed. */
  public static final List<String> REQUIRED = List.of(
      "billing_account_id", "service.id", "service.description", "sku.id", "sku.description",
      "usage_start_time", "usage_end_time", "export_time", "cost", "currency", "invoice.month", "cost_type");

  /** Repeated (ARRAY) columns, which flattened CSV files carry as Python or JSON list literals. */
  public static final Set<String> REPEATED = Set.of(
      "labels", "system_labels", "project.labels", "project.ancestors", "credits", "tags");

  private GcpExportColumns() {}

  /**
   * Checks that {@code columns} (dotted names, as a CSV header or a flattened BigQuery schema has
   * them) hold every required column.
   *
   * @throws SchemaException naming every missing column
   */
  public static void requireAll(String source, Collection<String> columns) {
    List<String> missing = REQUIRED.stream().filter(c -> !columns.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new SchemaException(source, missing);
    }
  }

  /** The node at a dotted path of a nested row, or null when any step is missing or null. */
  public static JsonNode at(JsonNode row, String dottedPath) {
    JsonNode node = row;
    int start = 0;
    while (node != null && start <= dottedPath.length()) {
      int dot = dottedPath.indexOf('.', start);
      String step = dot < 0 ? dottedPath.substring(start) : dottedPath.substring(start, dot);
      node = node.isObject() ? node.get(step) : null;
      if (dot < 0) {
        break;
      }
      start = dot + 1;
    }
    return node == null || node.isNull() || node.isMissingNode() ? null : node;
  }

  /** The text at a dotted path, or null when absent, null or blank. */
  public static String text(JsonNode row, String dottedPath) {
    JsonNode node = at(row, dottedPath);
    if (node == null || node.isContainerNode()) {
      return null;
    }
    String t = node.asText();
    return t.isBlank() ? null : t;
  }
}
