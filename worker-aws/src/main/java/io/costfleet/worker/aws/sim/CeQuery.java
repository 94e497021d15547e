package io.costfleet.worker.aws.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code GetCostAndUsage} request as the simulator understands it: one linked account, a window,
 * DAILY or MONTHLY, and up to two of {@code DIMENSION:SERVICE}, {@code DIMENSION:LINKED_ACCOUNT}
 * and {@code TAG:<key>} (read as the Environment tag). Its result is a flat list of items
 * (period-major, then service, then environment), each computed on demand from the data model.
 */
record CeQuery(String account, LocalDate start, LocalDate end, boolean monthly, List<String[]> groupBy,
    List<String> metrics) {

  /** The request could not be served; {@code type} is the AWS error code. */
  static final class Invalid extends RuntimeException {
    final String type;

    Invalid(String type, String message) {
      super(message);
      this.type = type;
    }
  }

  static CeQuery parse(JsonNode body) {
    JsonNode period = body.path("TimePeriod");
    LocalDate start;
    LocalDate end;
    try {
      start = LocalDate.parse(period.path("Start").asText());
      end = LocalDate.parse(period.path("End").asText());
    } catch (RuntimeException e) {
      throw new Invalid("ValidationException", "TimePeriod Start and End must be YYYY-MM-DD");
    }
    if (!start.isBefore(end)) {
      throw new Invalid("ValidationException", "Start date must be before End date");
    }
    String granularity = body.path("Granularity").asText("DAILY");
    if (!granularity.equals("DAILY") && !granularity.equals("MONTHLY")) {
      throw new Invalid("ValidationException", "the simulator serves DAILY and MONTHLY granularity");
    }
    List<String[]> groupBy = new ArrayList<>();
    for (JsonNode g : body.path("GroupBy")) {
      String type = g.path("Type").asText();
      String key = g.path("Key").asText();
      boolean ok = type.equals("TAG") || (type.equals("DIMENSION") && (key.equals("SERVICE")
          || key.equals("LINKED_ACCOUNT")));
      if (!ok) {
        throw new Invalid("ValidationException", "the simulator groups by DIMENSION SERVICE/LINKED_ACCOUNT or TAG,"
            + " not " + type + " " + key);
      }
      groupBy.add(new String[] {type, key});
    }
    if (groupBy.size() > 2) {
      throw new Invalid("ValidationException", "GroupBy takes at most two keys");
    }
    List<String> metrics = new ArrayList<>();
    body.path("Metrics").forEach(m -> metrics.add(m.asText()));
    if (metrics.isEmpty()) {
      throw new Invalid("ValidationException", "Metrics are required");
    }
    JsonNode values = body.path("Filter").path("Dimensions");
    if (!values.path("Key").asText().equals("LINKED_ACCOUNT") || values.path("Values").size() != 1) {
      throw new Invalid("ValidationException", "the simulator needs a Filter on exactly one LINKED_ACCOUNT");
    }
    return new CeQuery(values.path("Values").get(0).asText(), start, end, granularity.equals("MONTHLY"), groupBy,
        metrics);
  }

  /** The result periods: each day, or each month slice of the window. */
  List<LocalDate[]> periods() {
    List<LocalDate[]> out = new ArrayList<>();
    LocalDate d = start;
    while (d.isBefore(end)) {
      LocalDate next = monthly ? YearMonth.from(d).plusMonths(1).atDay(1) : d.plusDays(1);
      if (next.isAfter(end)) {
        next = end;
      }
      out.add(new LocalDate[] {d, next});
      d = next;
    }
    return out;
  }

  boolean groupsBy(String type, String key) {
    return groupBy.stream().anyMatch(g -> g[0].equals(type) && (key == null || g[1].equals(key)));
  }

  /** A fingerprint of everything but the page token, so a token is only valid for its query. */
  String fingerprint() {
    StringBuilder sb = new StringBuilder(account).append('|').append(start).append('|').append(end).append('|')
        .append(monthly);
    groupBy.forEach(g -> sb.append('|').append(g[0]).append(':').append(g[1]));
    return Integer.toHexString(sb.toString().hashCode());
  }
}
