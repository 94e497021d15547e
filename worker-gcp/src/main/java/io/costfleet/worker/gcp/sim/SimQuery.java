package io.costfleet.worker.gcp.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.costfleet.source.FieldReader;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one query shape the simulator answers: the billing export extraction, with every value a
 * named query parameter. A query with a quoted literal, an unknown table, a column the table lacks
 * or a missing parameter is refused as BigQuery would refuse it.
 *
 * <pre>
 * SELECT * FROM `project.dataset.table`
 * WHERE billing_account_id = @billing_account_id AND invoice.month = @invoice_month
 *   AND _PARTITIONTIME >= @partition_start AND _PARTITIONTIME < @partition_end
 *   AND export_time >= @export_start AND export_time < @export_end
 * </pre>
 */
record SimQuery(String table, String billingAccountId, String invoiceMonth, Instant partitionStart,
    Instant partitionEnd, Instant exportStart, Instant exportEnd) {

  private static final Pattern FROM = Pattern.compile("(?is)\\bFROM\\s+`([^`]+)`");
  static final List<String> REFERENCED_COLUMNS = List.of("billing_account_id", "invoice.month", "export_time");

  /** A query BigQuery would refuse: HTTP status, reason and message. */
  static final class Refused extends RuntimeException {
    final int status;
    final String reason;

    Refused(int status, String reason, String message) {
      super(message);
      this.status = status;
      this.reason = reason;
    }
  }

  static SimQuery parse(JsonNode queryConfig, Map<String, SimTable> tables) {
    String sql = queryConfig.path("query").asText();
    if (queryConfig.path("useLegacySql").asBoolean(true)) {
      throw new Refused(400, "invalidQuery", "the simulator answers standard SQL only (useLegacySql=false)");
    }
    if (sql.indexOf('\'') >= 0 || sql.indexOf('"') >= 0) {
      throw new Refused(400, "invalidQuery", "string literals in SQL are refused here: pass values as query parameters");
    }
    Matcher m = FROM.matcher(sql);
    if (!m.find()) {
      throw new Refused(400, "invalidQuery", "Syntax error: expected FROM `project.dataset.table`");
    }
    String tableId = m.group(1).replace(':', '.');
    SimTable table = tables.get(tableId);
    if (table == null) {
      throw new Refused(404, "notFound", "Not found: Table " + tableId + " was not found in location US");
    }
    for (String column : REFERENCED_COLUMNS) {
      if (sql.contains(column) && !table.hasColumn(column)) {
        throw new Refused(400, "invalidQuery", "Unrecognized name: " + column + " at [1:1]");
      }
    }
    Map<String, String> params = new HashMap<>();
    for (JsonNode p : queryConfig.path("queryParameters")) {
      params.put(p.path("name").asText(), p.path("parameterValue").path("value").asText(null));
    }
    return new SimQuery(tableId, param(sql, params, "billing_account_id"), param(sql, params, "invoice_month"),
        time(sql, params, "partition_start"), time(sql, params, "partition_end"),
        time(sql, params, "export_start"), time(sql, params, "export_end"));
  }

  private static String param(String sql, Map<String, String> params, String name) {
    if (!sql.contains("@" + name)) {
      return null;
    }
    String v = params.get(name);
    if (v == null) {
      throw new Refused(400, "invalidQuery", "Query parameter '" + name + "' not found at [1:1]");
    }
    return v;
  }

  private static Instant time(String sql, Map<String, String> params, String name) {
    String v = param(sql, params, name);
    if (v == null) {
      return null;
    }
    Instant t = FieldReader.parseInstant(v);
    if (t == null) {
      throw new Refused(400, "invalidQuery", "Invalid TIMESTAMP literal '" + v + "' for parameter " + name);
    }
    return t;
  }

  /** Which rows the query returns, among rows exported by {@code now}. */
  Predicate<SimTable.Row> filter(Instant now) {
    return row -> {
      if (row.exportTime().isAfter(now)) {
        return false;
      }
      JsonNode v = row.value();
      if (billingAccountId != null && !billingAccountId.equals(v.path("billing_account_id").asText())) {
        return false;
      }
      if (invoiceMonth != null && !invoiceMonth.equals(v.path("invoice").path("month").asText())) {
        return false;
      }
      Instant partition = row.partition().atStartOfDay(ZoneOffset.UTC).toInstant();
      if (partitionStart != null && partition.isBefore(partitionStart)
          || partitionEnd != null && !partition.isBefore(partitionEnd)) {
        return false;
      }
      return (exportStart == null || !row.exportTime().isBefore(exportStart))
          && (exportEnd == null || row.exportTime().isBefore(exportEnd));
    };
  }
}
