package io.costfleet.worker.gcp.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.costfleet.sim.GroundTruth;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The JSON resources of the BigQuery REST API the simulator answers with, and its ground truth. */
final class BigQueryResources {
  private BigQueryResources() {}

  static ObjectNode jobReference(ObjectMapper json, SimJob job) {
    return json.createObjectNode().put("projectId", job.project()).put("jobId", job.jobId())
        .put("location", job.location());
  }

  static ObjectNode job(ObjectMapper json, SimJob job) {
    ObjectNode r = json.createObjectNode();
    r.put("kind", "bigquery#job").put("etag", "\"" + job.jobId() + "\"")
        .put("id", job.project() + ":" + job.location() + "." + job.jobId())
        .put("user_email", "simulator@costfleet.invalid");
    r.set("jobReference", jobReference(json, job));
    r.set("configuration", job.configuration());
    String bytes = Long.toString(job.rows().size() * 600L);
    ObjectNode stats = r.putObject("statistics");
    stats.put("creationTime", Long.toString(job.createdMillis())).put("startTime", Long.toString(job.createdMillis()))
        .put("endTime", Long.toString(job.createdMillis() + 1)).put("totalBytesProcessed", bytes);
    stats.putObject("query").put("totalBytesProcessed", bytes).put("totalBytesBilled", bytes).put("cacheHit", false)
        .put("statementType", "SELECT").putObject("schema").set("fields", job.schema());
    r.putObject("status").put("state", "DONE");
    return r;
  }

  static ObjectNode table(ObjectMapper json, SimTable t) {
    ObjectNode r = json.createObjectNode();
    r.put("kind", "bigquery#table").put("etag", "\"" + t.table() + "\"")
        .put("id", t.project() + ":" + t.dataset() + "." + t.table()).put("type", "TABLE")
        .put("numRows", Integer.toString(t.rows().size())).put("location", "US");
    r.putObject("tableReference").put("projectId", t.project()).put("datasetId", t.dataset()).put("tableId", t.table());
    r.putObject("schema").set("fields", t.schemaFields());
    r.putObject("timePartitioning").put("type", "DAY");
    return r;
  }

  static ObjectNode page(ObjectMapper json, ArrayNode schema, List<SimTable.Row> rows, int offset, int max, boolean int64,
      int malformedEvery) {
    ObjectNode out = json.createObjectNode();
    out.put("totalRows", Integer.toString(rows.size()));
    int end = Math.min(rows.size(), offset + Math.max(0, max));
    if (max > 0) {
      ArrayNode list = out.putArray("rows");
      for (int i = offset; i < end; i++) {
        SimTable.Row r = rows.get(i);
        JsonNode value = r.value();
        if (malformed(r, malformedEvery)) {
          value = ((ObjectNode) value.deepCopy()).put("cost", "NaN");
        }
        list.add(BigQueryWire.row(value, schema, int64));
      }
      if (end < rows.size()) {
        out.put("pageToken", Base64.getUrlEncoder().withoutPadding()
            .encodeToString(("offset:" + end).getBytes(StandardCharsets.UTF_8)));
      }
    }
    out.put("etag", "\"sim-" + rows.size() + "\"");
    return out;
  }

  static int offset(String token) {
    try {
      String t = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (t.startsWith("offset:")) {
        return Integer.parseInt(t.substring("offset:".length()));
      }
    } catch (IllegalArgumentException e) {
      // falls through to the refusal
    }
    throw new SimQuery.Refused(400, "invalid", "Invalid page token: " + token);
  }

  /** BigQuery's error body: {@code {"error":{"code","message","errors":[{reason,domain,message}],"status"}}}. */
  static ObjectNode error(ObjectMapper json, int status, String reason, String message) {
    ObjectNode body = json.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("code", status).put("message", message);
    error.putArray("errors").addObject().put("message", message)
        .put("domain", reason.equals("rateLimitExceeded") ? "usageLimits" : "global").put("reason", reason);
    error.put("status", switch (status) {
      case 400 -> "INVALID_ARGUMENT";
      case 403 -> "PERMISSION_DENIED";
      case 404 -> "NOT_FOUND";
      case 409 -> "ALREADY_EXISTS";
      case 429 -> "RESOURCE_EXHAUSTED";
      default -> "INTERNAL";
    });
    return body;
  }

  /** Totals of the rows exported by {@code now}, per billing account and invoice month, malformed rows excluded. */
  static GroundTruth truth(Collection<SimTable> tables, Instant now, int malformedEvery) {
    List<GroundTruth.Entry> entries = new ArrayList<>();
    for (SimTable t : tables) {
      Map<String, BigDecimal> billed = new TreeMap<>();
      Map<String, long[]> counts = new HashMap<>();
      for (SimTable.Row r : t.rows()) {
        if (r.exportTime().isAfter(now)) {
          continue;
        }
        String m = r.value().path("invoice").path("month").asText();
        String period = m.substring(0, 4) + "-" + m.substring(4);
        long[] c = counts.computeIfAbsent(period, k -> new long[2]);
        billed.putIfAbsent(period, BigDecimal.ZERO);
        if (malformed(r, malformedEvery)) {
          c[1]++;
          continue;
        }
        BigDecimal sum = r.value().get("cost").decimalValue();
        for (JsonNode credit : r.value().path("credits")) {
          sum = sum.add(credit.get("amount").decimalValue());
          c[0]++;
        }
        c[0]++;
        billed.merge(period, sum, BigDecimal::add);
      }
      billed.forEach((period, total) -> entries.add(new GroundTruth.Entry("gcp", t.billingAccountId(), period, "usage",
          t.currency(), total, total, counts.get(period)[0], counts.get(period)[1])));
    }
    return new GroundTruth(entries);
  }

  static boolean malformed(SimTable.Row r, int every) {
    return every > 0 && (r.index() + 1) % every == 0;
  }
}
