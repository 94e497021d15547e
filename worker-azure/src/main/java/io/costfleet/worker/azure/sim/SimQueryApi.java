package io.costfleet.worker.azure.sim;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.costfleet.sim.FaultDecision;
import io.costfleet.sim.FaultInjector;
import io.costfleet.sim.SimulatorServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /{scope}/providers/Microsoft.CostManagement/query} as Azure answers it: bearer token
 * required, {@code api-version} required, {@code ActualCost}/{@code AmortizedCost} over a custom
 * time period, daily granularity, at most two grouping dimensions; rows aggregated per day and
 * group, columns described in {@code properties.columns}, {@code UsageDate} an integer
 * {@code yyyymmdd}; pages of {@code pageSize} rows chained by {@code nextLink} with a
 * {@code $skiptoken}. Quota headers on every answer; 429 with {@code Retry-After} and
 * {@code x-ms-ratelimit-microsoft.costmanagement-<kind>-retry-after}; 500 and 503 from the fault plan.
 */
final class SimQueryApi {
  static final String QUERY_SUFFIX = "/providers/microsoft.costmanagement/query";
  private static final Pattern SUBSCRIPTION = Pattern.compile("(?i)^subscriptions/([^/]+)(?:/resourceGroups/([^/]+))?$");
  private static final Pattern BILLING_ACCOUNT = Pattern.compile("(?i)^providers/Microsoft\\.Billing/billingAccounts/([^/]+)$");
  private static final Set<String> DIMENSIONS = Set.of("subscriptionid", "subscriptionname", "resourcegroupname",
      "resourcegroup", "resourceid", "servicename", "metercategory", "resourcelocation", "chargetype", "pricingmodel");
  private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.BASIC_ISO_DATE;

  private final SimLedger ledger;
  private final FaultInjector faults;
  private final SimThrottles throttles;
  private final SimRequestLog log;
  private final int pageSize;
  private final int quotaPerMinute;
  private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private final Deque<Instant> recent = new ArrayDeque<>();

  SimQueryApi(SimLedger ledger, FaultInjector faults, SimThrottles throttles, SimRequestLog log, int pageSize,
      int quotaPerMinute) {
    this.ledger = ledger;
    this.faults = faults;
    this.throttles = throttles;
    this.log = log;
    this.pageSize = pageSize;
    this.quotaPerMinute = quotaPerMinute;
  }

  /** A parsed query: the view, the period and the grouping. */
  record Query(boolean amortized, LocalDate from, LocalDate to, String costColumn, List<Group> groups) {}

  /** A grouping: a dimension, or a tag key ({@code tag} true). */
  record Group(String name, boolean tag) {}

  void handle(HttpExchange ex) throws IOException {
    Instant now = Instant.now();
    String path = ex.getRequestURI().getPath();
    String clientType = ex.getRequestHeaders().getFirst("ClientType");
    if (!path.toLowerCase(Locale.ROOT).endsWith(QUERY_SUFFIX)) {
      answer(ex, now, path, "", clientType, 404, false, error("NotFound", "no such API: " + path), Map.of());
      return;
    }
    String scope = path.substring(1, path.length() - QUERY_SUFFIX.length());
    if (!ex.getRequestMethod().equals("POST")) {
      answer(ex, now, path, scope, clientType, 405, false, error("MethodNotAllowed", "use POST"), Map.of());
      return;
    }
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    if (auth == null || !auth.equals("Bearer " + SimulatorCredential.TOKEN)) {
      answer(ex, now, path, scope, clientType, 401,
          false, error("AuthenticationFailed", "missing or invalid bearer token"), Map.of());
      return;
    }
    Map<String, String> params = params(ex.getRequestURI().getRawQuery());
    if (params.get("api-version") == null) {
      answer(ex, now, path, scope, clientType, 400, false,
          error("MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required."), Map.of());
      return;
    }
    SimThrottles.Decision scripted = throttles.decide(scope, now);
    if (scripted != null) {
      throttled(ex, now, path, scope, clientType, scripted.kind(), scripted.seconds(), scripted.early());
      return;
    }
    FaultDecision fault = faults.next();
    if (fault instanceof FaultDecision.Throttle t) {
      throttles.opened(scope, now, t.retryAfterSeconds());
      throttled(ex, now, path, scope, clientType, "qpu", t.retryAfterSeconds(), false);
      return;
    }
    if (fault instanceof FaultDecision.ServerError) {
      answer(ex, now, path, scope, clientType, 500, false, error("InternalServerError", "simulated failure"), Map.of());
      return;
    }
    if (fault instanceof FaultDecision.Outage) {
      answer(ex, now, path, scope, clientType, 503, false,
          error("ServiceUnavailable", "Cost Management is temporarily unavailable"), Map.of("Retry-After", "5"));
      return;
    }
    Query query;
    List<SimCharge> lines;
    int offset;
    try {
      query = parse(json.readTree(ex.getRequestBody()));
      lines = lines(scope, query);
      offset = offset(params.get("$skiptoken"));
    } catch (BadRequest e) {
      answer(ex, now, path, scope, clientType, e.status, false, error(e.code, e.getMessage()), Map.of());
      return;
    }
    List<List<Object>> rows = aggregate(lines, query);
    int end = Math.min(rows.size(), offset + pageSize);
    ObjectNode body = json.createObjectNode();
    String queryId = UUID.nameUUIDFromBytes(scope.getBytes(StandardCharsets.UTF_8)).toString();
    body.put("id", scope + "/providers/Microsoft.CostManagement/query/" + queryId);
    body.put("name", queryId);
    body.put("type", "Microsoft.CostManagement/query");
    ObjectNode properties = body.putObject("properties");
    if (end < rows.size()) {
      String host = ex.getRequestHeaders().getFirst("Host");
      properties.put("nextLink", "https://" + host + path + "?api-version=" + params.get("api-version")
          + "&$skiptoken=" + Base64.getUrlEncoder().withoutPadding().encodeToString(
              ("offset:" + end).getBytes(StandardCharsets.UTF_8)));
    } else {
      properties.putNull("nextLink");
    }
    ArrayNode columns = properties.putArray("columns");
    columns.addObject().put("name", query.costColumn()).put("type", "Number");
    for (Group g : query.groups()) {
      if (g.tag()) {
        columns.addObject().put("name", "TagKey").put("type", "String");
        columns.addObject().put("name", "TagValue").put("type", "String");
      } else {
        columns.addObject().put("name", g.name()).put("type", "String");
      }
    }
    columns.addObject().put("name", "UsageDate").put("type", "Number");
    columns.addObject().put("name", "Currency").put("type", "String");
    ArrayNode out = properties.putArray("rows");
    for (List<Object> row : rows.subList(Math.min(offset, rows.size()), end)) {
      ArrayNode r = out.addArray();
      for (Object v : row) {
        if (v instanceof BigDecimal d) {
          r.add(d);
        } else if (v instanceof Long l) {
          r.add(l);
        } else {
          r.add((String) v);
        }
      }
    }
    Map<String, String> headers = new TreeMap<>();
    long used = used(now);
    headers.put("x-ms-ratelimit-microsoft.costmanagement-qpu-consumed", "1");
    headers.put("x-ms-ratelimit-microsoft.costmanagement-qpu-remaining",
        "QueriesPerHour:" + Math.max(0, quotaPerMinute * 60L - used) + ",QueriesPerMin:" + Math.max(0, quotaPerMinute - used));
    answer(ex, now, path, scope, clientType, 200, false, json.writeValueAsBytes(body), headers);
  }

  private synchronized long used(Instant now) {
    recent.addLast(now);
    while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minusSeconds(60))) {
      recent.removeFirst();
    }
    return recent.size();
  }

  private void throttled(HttpExchange ex, Instant now, String path, String scope, String clientType, String kind,
      int seconds, boolean early) throws IOException {
    Map<String, String> headers = new TreeMap<>();
    headers.put("Retry-After", Integer.toString(seconds));
    headers.put("x-ms-ratelimit-microsoft.costmanagement-" + kind + "-retry-after", Integer.toString(seconds));
    answer(ex, now, path, scope, clientType, 429, early, error("429", "Too many requests. Please retry."), headers);
  }

  private void answer(HttpExchange ex, Instant now, String path, String scope, String clientType, int status,
      boolean early, byte[] body, Map<String, String> headers) throws IOException {
    log.add(new SimRequestLog.Entry(now, "query", ex.getRequestMethod(), path, scope, status, early, clientType));
    headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    ex.getResponseHeaders().set("x-ms-request-id", UUID.randomUUID().toString());
    SimulatorServer.respond(ex, status, "application/json; charset=utf-8", body);
  }

  private byte[] error(String code, String message) throws IOException {
    ObjectNode e = json.createObjectNode();
    e.putObject("error").put("code", code).put("message", message);
    return json.writeValueAsBytes(e);
  }

  Query parse(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw new BadRequest(400, "BadRequest", "the body must be a query definition");
    }
    String type = body.path("type").asText("");
    boolean amortized = switch (type.toLowerCase(Locale.ROOT)) {
      case "actualcost", "usage" -> false;
      case "amortizedcost" -> true;
      default -> throw new BadRequest(400, "BadRequest", "Invalid query type '" + type + "'");
    };
    if (!body.path("timeframe").asText("").equalsIgnoreCase("Custom")) {
      throw new BadRequest(400, "BadRequest", "the simulator answers timeframe Custom only");
    }
    JsonNode period = body.path("timePeriod");
    LocalDate from;
    LocalDate to;
    try {
      from = OffsetDateTime.parse(period.path("from").asText()).toLocalDate();
      to = OffsetDateTime.parse(period.path("to").asText()).toLocalDate();
    } catch (RuntimeException e) {
      throw new BadRequest(400, "BadRequest", "timePeriod.from and timePeriod.to must be date-times");
    }
    if (to.isBefore(from) || from.plusDays(366).isBefore(to)) {
      throw new BadRequest(400, "BadRequest", "invalid time period " + from + " to " + to);
    }
    JsonNode dataset = body.path("dataset");
    if (!dataset.path("granularity").asText("").equalsIgnoreCase("Daily")) {
      throw new BadRequest(400, "BadRequest", "the simulator answers daily granularity only");
    }
    String costColumn = "Cost";
    var aggregations = dataset.path("aggregation").fields();
    if (aggregations.hasNext()) {
      costColumn = aggregations.next().getValue().path("name").asText("Cost");
    }
    List<Group> groups = new ArrayList<>();
    JsonNode grouping = dataset.path("grouping");
    if (grouping.size() > 2) {
      throw new BadRequest(400, "BadRequest", "Query can have up to 2 group by clauses; got " + grouping.size());
    }
    for (JsonNode g : grouping) {
      String name = g.path("name").asText("");
      boolean tag = g.path("type").asText("").equalsIgnoreCase("TagKey");
      if (!tag && !DIMENSIONS.contains(name.toLowerCase(Locale.ROOT))) {
        throw new BadRequest(400, "BadRequest", "Invalid dimension '" + name + "' for grouping");
      }
      groups.add(new Group(name, tag));
    }
    return new Query(amortized, from, to, costColumn, groups);
  }

  private List<SimCharge> lines(String scope, Query q) {
    List<String> subscriptions;
    String resourceGroup = null;
    Matcher m = SUBSCRIPTION.matcher(scope);
    if (m.matches()) {
      String sub = m.group(1);
      if (!ledger.subscriptions().contains(sub)) {
        throw new BadRequest(404, "SubscriptionNotFound", "The subscription '" + sub + "' could not be found.");
      }
      subscriptions = List.of(sub);
      resourceGroup = m.group(2);
    } else {
      Matcher b = BILLING_ACCOUNT.matcher(scope);
      if (!b.matches() || !b.group(1).equals(ledger.billingAccountId())) {
        throw new BadRequest(404, "NotFound", "scope '" + scope + "' not found");
      }
      subscriptions = ledger.subscriptions();
    }
    List<SimCharge> out = new ArrayList<>();
    for (String sub : subscriptions) {
      for (YearMonth month = YearMonth.from(q.from()); !month.isAfter(YearMonth.from(q.to())); month = month.plusMonths(1)) {
        for (SimCharge c : ledger.lines(sub, month)) {
          if (!c.date().isBefore(q.from()) && !c.date().isAfter(q.to())
              && (resourceGroup == null || resourceGroup.equalsIgnoreCase(c.resourceGroup()))) {
            out.add(c);
          }
        }
      }
    }
    return out;
  }

  /** Rows sorted by day then group values: cost, group values..., UsageDate, Currency. */
  static List<List<Object>> aggregate(List<SimCharge> lines, Query q) {
    Map<List<String>, BigDecimal> sums = new TreeMap<>((a, b) -> {
      for (int i = 0; i < a.size(); i++) {
        int c = a.get(i).compareTo(b.get(i));
        if (c != 0) {
          return c;
        }
      }
      return 0;
    });
    for (SimCharge c : lines) {
      BigDecimal cost = c.cost(q.amortized());
      if (cost == null) {
        continue;
      }
      List<String> key = new ArrayList<>();
      key.add(c.date().format(YYYYMMDD));
      for (Group g : q.groups()) {
        if (g.tag()) {
          String v = c.tags().get(g.name());
          key.add(v == null ? "" : g.name());
          key.add(v == null ? "" : v);
        } else {
          key.add(value(c, g.name()));
        }
      }
      sums.merge(key, cost, BigDecimal::add);
    }
    List<List<Object>> rows = new ArrayList<>(sums.size());
    sums.forEach((key, sum) -> {
      List<Object> row = new ArrayList<>();
      row.add(sum);
      row.addAll(key.subList(1, key.size()));
      row.add(Long.parseLong(key.get(0)));
      row.add("USD");
      rows.add(row);
    });
    return rows;
  }

  static String value(SimCharge c, String dimension) {
    return switch (dimension.toLowerCase(Locale.ROOT)) {
      case "subscriptionid" -> c.subscriptionId();
      case "subscriptionname" -> c.subscriptionName();
      case "resourcegroupname", "resourcegroup" -> c.resourceGroup();
      case "resourceid" -> c.resourceId();
      case "servicename" -> c.serviceName();
      case "metercategory" -> c.meterCategory();
      case "resourcelocation" -> c.location();
      case "chargetype" -> c.chargeType();
      case "pricingmodel" -> c.pricingModel();
      default -> throw new IllegalArgumentException(dimension);
    };
  }

  private static int offset(String skipToken) {
    if (skipToken == null) {
      return 0;
    }
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(skipToken), StandardCharsets.UTF_8);
      return Integer.parseInt(decoded.substring("offset:".length()));
    } catch (RuntimeException e) {
      throw new BadRequest(400, "InvalidSkipToken", "invalid $skiptoken");
    }
  }

  private static Map<String, String> params(String rawQuery) {
    Map<String, String> out = new HashMap<>();
    if (rawQuery == null) {
      return out;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.put(k, v);
    }
    return out;
  }

  /** A request the API refuses. */
  static final class BadRequest extends RuntimeException {
    final int status;
    final String code;

    BadRequest(int status, String code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }
}
