package io.costfleet.worker.gcp;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A billing export table (or a view over one), validated so its id can be written into SQL as a
 * quoted identifier: project ids, dataset and table names are restricted to the characters
 * BigQuery allows in them, which excludes quotes, backticks and blanks. Values never go into SQL:
 * they are query parameters ({@link BillingExportQuery}).
 *
 * @param partitioned whether the table has {@code _PARTITIONTIME} (an export table does; a view may not)
 */
public record BillingExportTable(String project, String dataset, String table, Kind kind, boolean partitioned) {
  private static final Pattern ID = Pattern.compile(
      "([a-z][a-z0-9-]{4,28}[a-z0-9])[.:]([A-Za-z0-9_]{1,1024})\\.([A-Za-z0-9_-]{1,1024})");

  /** Standard export ({@code gcp_billing_export_v1_*}) or detailed, resource-level ({@code gcp_billing_export_resource_v1_*}). */
  public enum Kind { STANDARD, DETAILED }

  public BillingExportTable {
    if (!ID.matcher(project + "." + dataset + "." + table).matches()) {
      throw new IllegalArgumentException("not a BigQuery table id: " + project + "." + dataset + "." + table);
    }
  }

  /**
   * Parses {@code project.dataset.table} (or {@code project:dataset.table}).
   *
   * @param key the configuration key, named in the error
   */
  public static BillingExportTable parse(String key, String id, boolean partitioned) {
    Matcher m = id == null ? null : ID.matcher(id.strip());
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException(key + " must be a table id project.dataset.table (letters, digits, _ and -), was '"
          + id + "'");
    }
    String table = m.group(3);
    Kind kind = table.toLowerCase(Locale.ROOT).startsWith("gcp_billing_export_resource_") ? Kind.DETAILED : Kind.STANDARD;
    return new BillingExportTable(m.group(1), m.group(2), table, kind, partitioned);
  }

  /** {@code project.dataset.table}. */
  public String id() {
    return project + "." + dataset + "." + table;
  }

  /** The id as a quoted SQL identifier. */
  String sqlIdentifier() {
    return "`" + id() + "`";
  }
}
