package io.costfleet.worker.aws.cur;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costfleet.source.FieldReader;
import io.costfleet.source.MalformedPayloadException;
import java.io.IOException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * A CUR delivery manifest ({@code <report>-Manifest.json}), in either of its shapes:
 *
 * <ul>
 *   <li><b>legacy CUR</b>: {@code assemblyId}, {@code reportKeys} (bucket-relative keys),
 *       {@code columns[{category,name}]}, {@code billingPeriod{start,end}} as
 *       {@code 20180801T000000.000Z};</li>
 *   <li><b>Data Exports</b> (CUR 2.0 and FOCUS exports): {@code executionId}, {@code dataFiles}
 *       ({@code s3://bucket/key} URIs), {@code columns[{name,type}]}.</li>
 * </ul>
 *
 * The column list is informational only: the data files' own headers win (they disagree in real
 * deliveries: the koku sample lists 57 columns for a 130-column file).
 *
 * @param assemblyId    {@code assemblyId} or {@code executionId}
 * @param account       the payer account, when given
 * @param periodStart   billing period start (inclusive)
 * @param periodEnd     billing period end as written (AWS: the next month's start; some tools: the last instant)
 * @param reportKeys    the data files, as keys in {@code bucket}
 * @param columns       the columns the manifest lists ({@code category/name} or snake_case names)
 * @param compression   {@code GZIP}, {@code ZIP}, {@code Parquet}, ... as written, or null
 * @param bucket        the bucket named by the manifest (may be empty)
 * @param reportName    {@code reportName} or {@code exportName}
 * @param dataExports   whether it is a Data Exports (CUR 2.0 / FOCUS) manifest
 */
public record CurManifest(String assemblyId, String account, Instant periodStart, Instant periodEnd,
    List<String> reportKeys, List<String> columns, String compression, String bucket, String reportName,
    boolean dataExports) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter COMPACT =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  public CurManifest {
    reportKeys = List.copyOf(reportKeys);
    columns = List.copyOf(columns);
  }

  /** The billing period the manifest covers (the month of its start). */
  public YearMonth billingPeriod() {
    return YearMonth.from(periodStart.atOffset(ZoneOffset.UTC));
  }

  /**
   * Parses a manifest.
   *
   * @param name the manifest's key or file name, for messages
   * @throws MalformedPayloadException if it is not a CUR manifest
   */
  public static CurManifest parse(byte[] json, String name) {
    JsonNode m;
    try {
      m = JSON.readTree(json);
    } catch (IOException e) {
      throw new MalformedPayloadException("CUR manifest " + name + " is not JSON: " + e.getMessage(), e);
    }
    if (m == null || !m.isObject()) {
      throw new MalformedPayloadException("CUR manifest " + name + " is not a JSON object");
    }
    boolean dataExports = m.has("executionId") || m.has("dataFiles");
    String assemblyId = text(m, dataExports && m.has("executionId") ? "executionId" : "assemblyId");
    if (assemblyId == null) {
      throw new MalformedPayloadException("CUR manifest " + name + " has neither assemblyId nor executionId");
    }
    List<String> keys = new ArrayList<>();
    for (JsonNode k : m.path("reportKeys")) {
      keys.add(k.asText());
    }
    for (JsonNode uri : m.path("dataFiles")) {
      keys.add(keyOf(uri.asText()));
    }
    List<String> columns = new ArrayList<>();
    for (JsonNode c : m.path("columns")) {
      String category = text(c, "category");
      String column = text(c, "name");
      if (column != null) {
        columns.add(category == null ? column : category + "/" + column);
      }
    }
    JsonNode period = m.path("billingPeriod");
    Instant start = instant(text(period, "start"), name);
    Instant end = instant(text(period, "end"), name);
    if (start == null) {
      // Data Exports partitions by BILLING_PERIOD=yyyy-MM in the manifest's and the files' keys.
      YearMonth partition = partition(name);
      for (int i = 0; partition == null && i < keys.size(); i++) {
        partition = partition(keys.get(i));
      }
      if (partition == null) {
        throw new MalformedPayloadException("CUR manifest " + name + " has no billingPeriod.start and no "
            + "BILLING_PERIOD= partition");
      }
      start = partition.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
      end = partition.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }
    String reportName = text(m, "reportName") != null ? text(m, "reportName") : text(m, "exportName");
    return new CurManifest(assemblyId, text(m, "account"), start, end, keys, columns, text(m, "compression"),
        m.path("bucket").asText(""), reportName, dataExports);
  }

  private static YearMonth partition(String key) {
    int i = key.indexOf("BILLING_PERIOD=");
    if (i < 0 || key.length() < i + 22) {
      return null;
    }
    try {
      return YearMonth.parse(key.substring(i + 15, i + 22));
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The key of an {@code s3://bucket/key} URI (a plain key is returned as is). */
  static String keyOf(String uri) {
    if (uri.startsWith("s3://")) {
      int slash = uri.indexOf('/', 5);
      return slash < 0 ? "" : uri.substring(slash + 1);
    }
    return uri;
  }

  private static Instant instant(String text, String name) {
    if (text == null) {
      return null;
    }
    try {
      return COMPACT.parse(text, Instant::from);
    } catch (DateTimeParseException e) {
      Instant parsed = FieldReader.parseInstant(text);
      if (parsed == null) {
        throw new MalformedPayloadException("CUR manifest " + name + " has an unreadable billing period: " + text, e);
      }
      return parsed;
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
  }
}
