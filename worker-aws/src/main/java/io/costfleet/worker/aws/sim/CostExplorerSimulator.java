package io.costfleet.worker.aws.sim;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import io.costfleet.sim.FaultDecision;
import io.costfleet.sim.FaultInjector;
import io.costfleet.sim.FaultPlan;
import io.costfleet.sim.GroundTruth;
import io.costfleet.sim.SimulatorServer;
import io.costfleet.worker.aws.sim.CeDataModel.Amounts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Cost Explorer endpoint for tests, the demo and benchmarks. It speaks the AWS JSON 1.1
 * protocol ({@code POST /}, {@code X-Amz-Target: AWSInsightsIndexService.GetCostAndUsage}), so the
 * real SDK client talks to it by endpoint override, and serves the {@link CeDataModel}'s
 * deterministic data, {@code pageSize} groups per page with a {@code NextPageToken}.
 *
 * <p>Faults (the {@link FaultPlan} of {@code POST /_sim/faults}): throttling answers HTTP 400 with
 * {@code __type} ThrottlingException as AWS does; 5xx bursts answer 500 InternalFailure; outages 503
 * ServiceUnavailable; {@code malformedEvery} makes every n-th group of a query carry an unparseable
 * UnblendedCost (excluded from the ground truth). Denied accounts answer 400
 * AccessDeniedException.
 *
 * <p>Ground truth ({@code GET /_sim/truth}): per account and configured period, the sums of
 * UnblendedCost (BilledCost) and NetAmortizedCost (EffectiveCost) over every group of a full
 * pagination of the whole month with the truth shape (granularity and group-by of the options),
 * malformed groups excluded.
 */
public final class CostExplorerSimulator implements AutoCloseable {
  static final String TARGET = "AWSInsightsIndexService.GetCostAndUsage";
  private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

  /**
   * @param seed          data seed
   * @param accounts      number of accounts
   * @param services      number of services per account and day (12 real names, then synthetic ones)
   * @param pageSize      groups per page
   * @param periods       billing periods of the ground truth
   * @param estimatedFrom results from this day on are flagged {@code Estimated} (null: none)
   * @param truthMonthly  ground truth for MONTHLY (else DAILY) granularity
   * @param truthGroupBy  ground truth group-by, e.g. {@code DIMENSION:SERVICE}, {@code TAG:Environment}
   */
  public record Options(long seed, int accounts, int services, int pageSize, List<YearMonth> periods,
      LocalDate estimatedFrom, boolean truthMonthly, List<String> truthGroupBy) {
    public static Options defaults() {
      return new Options(42, 5, 12, 200, List.of(YearMonth.of(2026, 10)), null, false,
          List.of("DIMENSION:SERVICE", "TAG:Environment"));
    }

    public Options withAccounts(int n) {
      return new Options(seed, n, services, pageSize, periods, estimatedFrom, truthMonthly, truthGroupBy);
    }

    public Options withPageSize(int n) {
      return new Options(seed, accounts, services, n, periods, estimatedFrom, truthMonthly, truthGroupBy);
    }

    public Options withServices(int n) {
      return new Options(seed, accounts, n, pageSize, periods, estimatedFrom, truthMonthly, truthGroupBy);
    }

    public Options withSeed(long s) {
      return new Options(s, accounts, services, pageSize, periods, estimatedFrom, truthMonthly, truthGroupBy);
    }

    public Options withPeriods(List<YearMonth> p) {
      return new Options(seed, accounts, services, pageSize, p, estimatedFrom, truthMonthly, truthGroupBy);
    }

    public Options withEstimatedFrom(LocalDate d) {
      return new Options(seed, accounts, services, pageSize, periods, d, truthMonthly, truthGroupBy);
    }
  }

  private final Options options;
  private final CeDataModel model;
  private final SimulatorServer server;
  private final Set<String> denied = ConcurrentHashMap.newKeySet();

  public CostExplorerSimulator(Options options, String host, int port) throws IOException {
    this.options = options;
    this.model = new CeDataModel(options.seed(), options.accounts(), options.services());
    this.server = new SimulatorServer(host, port, this::truth);
    server.route("/", this::handle);
  }

  /** Starts a simulator on 127.0.0.1 and an ephemeral port. */
  public static CostExplorerSimulator start(Options options) throws IOException {
    CostExplorerSimulator sim = new CostExplorerSimulator(options, "127.0.0.1", 0);
    sim.server.start();
    return sim;
  }

  /** Starts serving (for a simulator built with the constructor). */
  public CostExplorerSimulator startServer() {
    server.start();
    return this;
  }

  public String baseUrl() {
    return server.baseUrl();
  }

  public FaultInjector faults() {
    return server.faults();
  }

  public CeDataModel model() {
    return model;
  }

  public List<String> accounts() {
    return model.accounts();
  }

  /** Calls for this account are refused with AccessDeniedException from now on. */
  public void deny(String account) {
    denied.add(account);
  }

  private void handle(HttpExchange ex) throws IOException {
    byte[] request = ex.getRequestBody().readAllBytes();
    String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
    if (!"POST".equals(ex.getRequestMethod()) || !TARGET.equals(target)) {
      error(ex, 400, "UnknownOperationException", "the simulator serves " + TARGET + " only, not " + target);
      return;
    }
    FaultDecision decision = server.faults().next();
    if (decision instanceof FaultDecision.Throttle) {
      error(ex, 400, "ThrottlingException", "Rate exceeded");
      return;
    }
    if (decision instanceof FaultDecision.ServerError) {
      error(ex, 500, "InternalFailure", "The request processing has failed because of an unknown error");
      return;
    }
    if (decision instanceof FaultDecision.Outage) {
      error(ex, 503, "ServiceUnavailable", "Service is unavailable");
      return;
    }
    CeQuery query;
    try {
      query = CeQuery.parse(server.json().readTree(request));
    } catch (CeQuery.Invalid e) {
      error(ex, 400, e.type, e.getMessage());
      return;
    }
    if (denied.contains(query.account())) {
      error(ex, 400, "AccessDeniedException", "User: arn:aws:iam::" + query.account()
          + ":user/costfleet is not authorized to perform: ce:GetCostAndUsage");
      return;
    }
    JsonNode tokenNode = server.json().readTree(request).get("NextPageToken");
    int offset = 0;
    if (tokenNode != null && !tokenNode.isNull()) {
      offset = offset(tokenNode.asText(), query);
      if (offset < 0) {
        error(ex, 400, "InvalidNextTokenException", "Invalid pagination token");
        return;
      }
    }
    SimulatorServer.respond(ex, 200, CONTENT_TYPE, page(query, offset));
  }

  private static int offset(String token, CeQuery query) {
    String[] parts = token.split("\\.");
    if (parts.length != 2 || !parts[1].equals(query.fingerprint())) {
      return -1;
    }
    try {
      return Integer.parseInt(parts[0].substring(1));
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private int groupsPerPeriod(CeQuery q) {
    return (q.groupsBy("DIMENSION", "SERVICE") ? model.services().size() : 1)
        * (q.groupsBy("TAG", null) ? CeDataModel.ENVIRONMENTS.size() : 1);
  }

  private boolean malformed(int ordinal) {
    int every = server.faults().plan().malformedEvery();
    return every > 0 && ordinal % every == 0;
  }

  /** The amounts of item {@code g} of a period (summed over what the query does not group by). */
  private Amounts amounts(CeQuery q, LocalDate[] period, int g) {
    boolean byService = q.groupsBy("DIMENSION", "SERVICE");
    boolean byTag = q.groupsBy("TAG", null);
    int envs = CeDataModel.ENVIRONMENTS.size();
    int s0 = byService ? (byTag ? g / envs : g) : 0;
    int s1 = byService ? s0 + 1 : model.services().size();
    int e0 = byTag ? g % envs : 0;
    int e1 = byTag ? e0 + 1 : envs;
    Amounts sum = Amounts.ZERO;
    for (LocalDate d = period[0]; d.isBefore(period[1]); d = d.plusDays(1)) {
      for (int s = s0; s < s1; s++) {
        for (int e = e0; e < e1; e++) {
          sum = sum.plus(model.lineItem(q.account(), d, s, e));
        }
      }
    }
    return sum;
  }

  private byte[] page(CeQuery q, int offset) throws IOException {
    List<LocalDate[]> periods = q.periods();
    boolean grouped = !q.groupBy().isEmpty();
    int perPeriod = grouped ? groupsPerPeriod(q) : 1;
    long total = (long) periods.size() * perPeriod;
    int endIndex = (int) Math.min(total, (long) offset + options.pageSize());
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + (endIndex - offset) * 400);
    try (JsonGenerator json = server.json().getFactory().createGenerator(out)) {
      json.writeStartObject();
      json.writeArrayFieldStart("GroupDefinitions");
      for (String[] g : q.groupBy()) {
        json.writeStartObject();
        json.writeStringField("Type", g[0]);
        json.writeStringField("Key", g[1]);
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeArrayFieldStart("ResultsByTime");
      int i = offset;
      while (i < endIndex) {
        int p = i / perPeriod;
        LocalDate[] period = periods.get(p);
        json.writeStartObject();
        json.writeObjectFieldStart("TimePeriod");
        json.writeStringField("Start", period[0].toString());
        json.writeStringField("End", period[1].toString());
        json.writeEndObject();
        if (grouped) {
          json.writeObjectFieldStart("Total");
          json.writeEndObject();
          json.writeArrayFieldStart("Groups");
          for (; i < endIndex && i / perPeriod == p; i++) {
            json.writeStartObject();
            json.writeArrayFieldStart("Keys");
            for (String key : keys(q, i % perPeriod)) {
              json.writeString(key);
            }
            json.writeEndArray();
            writeMetrics(json, q, amounts(q, period, i % perPeriod), malformed(i + 1));
            json.writeEndObject();
          }
          json.writeEndArray();
        } else {
          json.writeFieldName("Total");
          writeMetricsObject(json, q, amounts(q, period, 0), malformed(i + 1));
          json.writeArrayFieldStart("Groups");
          json.writeEndArray();
          i++;
        }
        json.writeBooleanField("Estimated", options.estimatedFrom() != null
            && !period[0].isBefore(options.estimatedFrom()));
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeArrayFieldStart("DimensionValueAttributes");
      json.writeEndArray();
      if (endIndex < total) {
        json.writeStringField("NextPageToken", "o" + endIndex + "." + q.fingerprint());
      }
      json.writeEndObject();
    }
    return out.toByteArray();
  }

  private List<String> keys(CeQuery q, int g) {
    int envs = CeDataModel.ENVIRONMENTS.size();
    boolean byTag = q.groupsBy("TAG", null);
    List<String> keys = new ArrayList<>(2);
    for (String[] def : q.groupBy()) {
      if (def[0].equals("TAG")) {
        keys.add(def[1] + "$" + CeDataModel.ENVIRONMENTS.get(g % envs));
      } else if (def[1].equals("SERVICE")) {
        keys.add(model.services().get(byTag ? g / envs : g));
      } else {
        keys.add(q.account());
      }
    }
    return keys;
  }

  private void writeMetrics(JsonGenerator json, CeQuery q, Amounts a, boolean malformed) throws IOException {
    json.writeFieldName("Metrics");
    writeMetricsObject(json, q, a, malformed);
  }

  private static void writeMetricsObject(JsonGenerator json, CeQuery q, Amounts a, boolean malformed)
      throws IOException {
    json.writeStartObject();
    for (String metric : q.metrics()) {
      json.writeObjectFieldStart(metric);
      BigDecimal v = switch (metric) {
        case "UnblendedCost", "BlendedCost", "NetUnblendedCost" -> a.unblended();
        case "AmortizedCost" -> a.amortized();
        case "NetAmortizedCost" -> a.netAmortized();
        case "UsageQuantity", "NormalizedUsageAmount" -> a.usage();
        default -> BigDecimal.ZERO;
      };
      boolean quantity = metric.equals("UsageQuantity") || metric.equals("NormalizedUsageAmount");
      json.writeStringField("Amount", malformed && metric.equals("UnblendedCost") ? v.toPlainString() + ".5x"
          : v.toPlainString());
      json.writeStringField("Unit", quantity ? "N/A" : "USD");
      json.writeEndObject();
    }
    json.writeEndObject();
  }

  /** The ground truth of every account and configured period (see the class comment). */
  public GroundTruth truth() {
    List<GroundTruth.Entry> entries = new ArrayList<>();
    for (String account : model.accounts()) {
      for (YearMonth period : options.periods()) {
        entries.add(truth(account, period));
      }
    }
    return new GroundTruth(entries);
  }

  /** The ground truth of one account and period. */
  public GroundTruth.Entry truth(String account, YearMonth period) {
    CeQuery q = truthQuery(account, period);
    List<LocalDate[]> periods = q.periods();
    int perPeriod = q.groupBy().isEmpty() ? 1 : groupsPerPeriod(q);
    BigDecimal billed = BigDecimal.ZERO;
    BigDecimal effective = BigDecimal.ZERO;
    long records = 0;
    long bad = 0;
    for (int i = 0; i < periods.size() * perPeriod; i++) {
      if (malformed(i + 1)) {
        bad++;
        continue;
      }
      Amounts a = amounts(q, periods.get(i / perPeriod), i % perPeriod);
      billed = billed.add(a.unblended());
      effective = effective.add(a.netAmortized());
      records++;
    }
    return new GroundTruth.Entry("aws", account, period.toString(), "usage", "USD", billed, effective, records, bad);
  }

  /** Where the malformed groups of an account-period's truth query are: {@code page N result DAY group I}. */
  public List<String> malformedPositions(String account, YearMonth period) {
    CeQuery q = truthQuery(account, period);
    List<LocalDate[]> periods = q.periods();
    int perPeriod = q.groupBy().isEmpty() ? 1 : groupsPerPeriod(q);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < periods.size() * perPeriod; i++) {
      if (malformed(i + 1)) {
        int page = i / options.pageSize() + 1;
        int p = i / perPeriod;
        int firstOfResultOnPage = Math.max((page - 1) * options.pageSize(), p * perPeriod);
        out.add("page " + page + " result " + periods.get(p)[0] + " group " + (i - firstOfResultOnPage + 1));
      }
    }
    return out;
  }

  private CeQuery truthQuery(String account, YearMonth period) {
    List<String[]> groupBy = options.truthGroupBy().stream().map(s -> s.split(":", 2)).toList();
    return new CeQuery(account, period.atDay(1), period.plusMonths(1).atDay(1), options.truthMonthly(), groupBy,
        List.of("UnblendedCost", "NetAmortizedCost"));
  }

  private void error(HttpExchange ex, int status, String type, String message) throws IOException {
    ex.getResponseHeaders().set("x-amzn-ErrorType", type);
    ex.getResponseHeaders().set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
    String body = "{\"__type\":\"" + type + "\",\"message\":" + server.json().writeValueAsString(message) + "}";
    SimulatorServer.respond(ex, status, CONTENT_TYPE, body.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    server.close();
  }
}
