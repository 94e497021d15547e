package io.costfleet.worker.gcp.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.costfleet.sim.FaultDecision;
import io.costfleet.sim.GroundTruth;
import io.costfleet.sim.SimulatorServer;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A BigQuery simulator speaking the REST calls google-cloud-bigquery makes to run a query and page
 * through its results, so the real client runs against it through its host setting:
 *
 * <pre>
 * GET  /bigquery/v2/projects/P/datasets/D/tables/T         tables.get (schema)
 * POST /bigquery/v2/projects/P/jobs                        jobs.insert (query job, runs at once)
 * GET  /bigquery/v2/projects/P/jobs/J                      jobs.get
 * POST /bigquery/v2/projects/P/queries                     jobs.query
 * GET  /bigquery/v2/projects/P/queries/J                   jobs.getQueryResults
 * GET  /bigquery/v2/projects/P/datasets/D/tables/T/data    tabledata.list (a query's result table or an export table)
 * </pre>
 *
 * Data comes from {@link BillingDataGenerator}. Faults from {@code POST /_sim/faults} apply to every
 * call but {@code getQueryResults} (the client polls that one with its own retries): throttling
 * answers 403 {@code rateLimitExceeded} (429 if {@code throttleStatus} says so) as BigQuery does,
 * errors answer 500 {@code backendError}, an outage answers 503. {@code GET/POST /_sim/gcp} reads or
 * sets {@code now} (rows exported later are not visible yet: late data), {@code throttleStatus} and
 * {@code throttleNext} (throttle the next n requests), and reports query jobs and calls per method.
 */
public final class BigQuerySimulator implements AutoCloseable {
  static final String ANON_DATASET = "_sim_anon";
  private static final int DEFAULT_PAGE = 100_000;

  private final SimulatorServer server;
  private final ObjectMapper json;
  private final Map<String, SimTable> tables = new LinkedHashMap<>();
  private final Map<String, SimJob> jobs = new ConcurrentHashMap<>();
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("9999-12-31T00:00:00Z"));
  private final AtomicLong queryJobs = new AtomicLong();
  private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
  private static final int REQUEST_LOG_LIMIT = 10_000;
  private final List<Request> requestLog = new ArrayList<>();
  private volatile int throttleStatus = 403;
  private final java.util.concurrent.atomic.AtomicInteger throttleNext = new java.util.concurrent.atomic.AtomicInteger();

  private BigQuerySimulator(String host, int port, List<SimTable> data) throws IOException {
    data.forEach(t -> tables.put(t.id(), t));
    server = new SimulatorServer(host, port, this::truth);
    json = server.json();
    server.route("/bigquery/v2/", this::handle);
    server.route("/_sim/gcp", this::control);
  }

  /** Starts a simulator on {@code host:port} (0 for an ephemeral port) with data for {@code months}. */
  public static BigQuerySimulator start(String host, int port, long seed, List<YearMonth> months) throws IOException {
    BigQuerySimulator sim = new BigQuerySimulator(host, port, new BillingDataGenerator(seed, months).generate());
    sim.server.start();
    return sim;
  }

  public String baseUrl() {
    return server.baseUrl();
  }

  public SimulatorServer server() {
    return server;
  }

  /** Rows exported after this instant are not visible yet. */
  public void setNow(Instant instant) {
    now.set(instant);
  }

  public void setThrottleStatus(int status) {
    if (status != 403 && status != 429) {
      throw new IllegalArgumentException("BigQuery throttles with 403 or 429, not " + status);
    }
    throttleStatus = status;
  }

  /** The next {@code n} requests, whoever sends them, are throttled (on top of the fault plan). */
  public void throttleNext(int n) {
    throttleNext.set(Math.max(0, n));
  }

  /** Query jobs created so far (jobs.insert and jobs.query). */
  public long queryJobs() {
    return queryJobs.get();
  }

  /** Requests received per API method ({@code jobs.insert}, {@code tabledata.list}, ...). */
  public Map<String, Long> calls() {
    Map<String, Long> out = new TreeMap<>();
    calls.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /**
   * One API request that faults apply to, as it arrived.
   *
   * @param nanos   {@link System#nanoTime()} on arrival
   * @param outcome {@code served}, {@code throttled} or {@code failed}
   */
  public record Request(long nanos, String method, String outcome) {}

  /** The last requests faults applied to, oldest first. */
  public List<Request> requestLog() {
    synchronized (requestLog) {
      return List.copyOf(requestLog);
    }
  }

  private void count(String method) {
    calls.computeIfAbsent(method, k -> new AtomicLong()).incrementAndGet();
  }

  /** Totals of the rows visible now, per billing account and invoice month, malformed rows excluded. */
  public GroundTruth truth() {
    return BigQueryResources.truth(tables.values(), now.get(), server.faults().plan().malformedEvery());
  }

  private void error(HttpExchange ex, int status, String reason, String message) throws IOException {
    server.respondJson(ex, status, BigQueryResources.error(json, status, reason, message));
  }

  private void control(HttpExchange ex) throws IOException {
    if (ex.getRequestMethod().equals("POST")) {
      JsonNode body = json.readTree(body(ex));
      if (body.hasNonNull("now")) {
        setNow(Instant.parse(body.get("now").asText()));
      }
      if (body.hasNonNull("throttleStatus")) {
        setThrottleStatus(body.get("throttleStatus").asInt());
      }
      if (body.hasNonNull("throttleNext")) {
        throttleNext(body.get("throttleNext").asInt());
      }
    }
    ObjectNode state = json.createObjectNode().put("now", now.get().toString()).put("throttleStatus", throttleStatus)
        .put("queryJobs", queryJobs.get());
    state.set("calls", json.valueToTree(calls()));
    ArrayNode ids = state.putArray("tables");
    tables.keySet().forEach(ids::add);
    server.respondJson(ex, 200, state);
  }

  private void handle(HttpExchange ex) throws IOException {
    String[] p = ex.getRequestURI().getPath().substring("/bigquery/v2/".length()).split("/");
    Map<String, String> q = query(ex.getRequestURI().getRawQuery());
    String method = ex.getRequestMethod();
    try {
      if (p.length >= 2 && p[0].equals("projects")) {
        String project = p[1];
        if (p.length == 3 && p[2].equals("jobs") && method.equals("POST")) {
          count("jobs.insert");
          faultOr(ex, "jobs.insert", () -> insert(ex, project));
          return;
        }
        if (p.length == 4 && p[2].equals("jobs") && method.equals("GET")) {
          count("jobs.get");
          faultOr(ex, "jobs.get", () -> server.respondJson(ex, 200, BigQueryResources.job(json, job(project, p[3]))));
          return;
        }
        if (p.length == 3 && p[2].equals("queries") && method.equals("POST")) {
          count("jobs.query");
          faultOr(ex, "jobs.query", () -> query(ex, project));
          return;
        }
        if (p.length == 4 && p[2].equals("queries") && method.equals("GET")) {
          count("jobs.getQueryResults");
          queryResults(ex, job(project, p[3]), q);
          return;
        }
        if (p.length == 6 && p[2].equals("datasets") && p[4].equals("tables") && method.equals("GET")) {
          count("tables.get");
          faultOr(ex, "tables.get", () -> server.respondJson(ex, 200, BigQueryResources.table(json, table(project + "." + p[3] + "." + p[5]))));
          return;
        }
        if (p.length == 7 && p[2].equals("datasets") && p[6].equals("data") && method.equals("GET")) {
          count("tabledata.list");
          faultOr(ex, "tabledata.list", () -> tableData(ex, project, p[3], p[5], q));
          return;
        }
      }
      count("unknown");
      error(ex, 404, "notFound", "Not found: " + method + " " + ex.getRequestURI().getPath());
    } catch (SimQuery.Refused e) {
      error(ex, e.status, e.reason, e.getMessage());
    }
  }

  private interface Call {
    void run() throws IOException;
  }

  private void faultOr(HttpExchange ex, String method, Call call) throws IOException {
    FaultDecision d = throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0
        ? new FaultDecision.Throttle(0) : server.faults().next();
    synchronized (requestLog) {
      if (requestLog.size() == REQUEST_LOG_LIMIT) {
        requestLog.remove(0);
      }
      requestLog.add(new Request(System.nanoTime(), method, d instanceof FaultDecision.Proceed ? "served"
          : d instanceof FaultDecision.Throttle ? "throttled" : "failed"));
    }
    if (d instanceof FaultDecision.Throttle) {
      error(ex, throttleStatus, "rateLimitExceeded",
          "Exceeded rate limits: too many api requests per user per method for this user_method. "
              + "For more information, see https://cloud.google.com/bigquery/docs/troubleshoot-quotas");
    } else if (d instanceof FaultDecision.ServerError) {
      error(ex, 500, "backendError", "Error encountered during execution. Retrying may solve the problem.");
    } else if (d instanceof FaultDecision.Outage) {
      SimulatorServer.respond(ex, 503, "text/html",
          "<html><body>503 Service Unavailable</body></html>".getBytes(StandardCharsets.UTF_8));
    } else {
      call.run();
    }
  }

  private SimJob run(String project, String jobId, String location, ObjectNode queryConfig) {
    SimQuery query = SimQuery.parse(queryConfig, tables);
    SimTable table = tables.get(query.table());
    List<SimTable.Row> rows = table.rows().stream().filter(query.filter(now.get())).toList();
    ObjectNode configuration = json.createObjectNode();
    ObjectNode qc = queryConfig.deepCopy();
    configuration.set("query", qc);
    configuration.put("jobType", "QUERY");
    SimJob job = new SimJob(project, jobId, location, configuration, table.schemaFields(), rows,
        System.currentTimeMillis());
    qc.putObject("destinationTable").put("projectId", project).put("datasetId", ANON_DATASET)
        .put("tableId", job.destinationTable());
    queryJobs.incrementAndGet();
    return job;
  }

  private void insert(HttpExchange ex, String project) throws IOException {
    JsonNode body = json.readTree(body(ex));
    JsonNode ref = body.path("jobReference");
    String jobId = ref.path("jobId").asText("sim_" + queryJobs.get() + "_" + System.nanoTime());
    String location = ref.path("location").asText("US");
    if (jobs.containsKey(project + ":" + jobId)) {
      error(ex, 409, "duplicate", "Already Exists: Job " + project + ":" + location + "." + jobId);
      return;
    }
    JsonNode queryConfig = body.path("configuration").path("query");
    if (!queryConfig.isObject()) {
      error(ex, 400, "invalid", "the simulator runs query jobs only");
      return;
    }
    SimJob job = run(project, jobId, location, (ObjectNode) queryConfig);
    jobs.put(project + ":" + jobId, job);
    server.respondJson(ex, 200, BigQueryResources.job(json, job));
  }

  private void query(HttpExchange ex, String project) throws IOException {
    ObjectNode body = (ObjectNode) json.readTree(body(ex));
    String jobId = body.path("requestId").asText("sim_q" + queryJobs.get() + "_" + System.nanoTime());
    ObjectNode queryConfig = body.deepCopy();
    queryConfig.remove(List.of("maxResults", "timeoutMs", "requestId", "location", "jobCreationMode", "kind"));
    SimJob job = run(project, jobId, body.path("location").asText("US"), queryConfig);
    jobs.put(project + ":" + jobId, job);
    int max = body.path("maxResults").asInt(DEFAULT_PAGE);
    ObjectNode response = BigQueryResources.page(json, job.schema(), job.rows(), 0, max, false, malformedEvery());
    response.put("kind", "bigquery#queryResponse").put("jobComplete", true).put("cacheHit", false)
        .put("totalBytesProcessed", Long.toString(job.rows().size() * 600L));
    response.set("jobReference", BigQueryResources.jobReference(json, job));
    response.set("schema", json.createObjectNode().set("fields", job.schema()));
    server.respondJson(ex, 200, response);
  }

  private void queryResults(HttpExchange ex, SimJob job, Map<String, String> q) throws IOException {
    int max = Integer.parseInt(q.getOrDefault("maxResults", Integer.toString(DEFAULT_PAGE)));
    int offset = q.containsKey("pageToken") ? BigQueryResources.offset(q.get("pageToken")) : Integer.parseInt(q.getOrDefault("startIndex", "0"));
    ObjectNode response = BigQueryResources.page(json, job.schema(), job.rows(), offset, max, int64(q), malformedEvery());
    response.put("kind", "bigquery#getQueryResultsResponse");
    response.set("jobReference", BigQueryResources.jobReference(json, job));
    response.set("schema", json.createObjectNode().set("fields", job.schema()));
    response.put("jobComplete", true).put("cacheHit", false);
    server.respondJson(ex, 200, response);
  }

  private void tableData(HttpExchange ex, String project, String dataset, String table, Map<String, String> q)
      throws IOException {
    ArrayNode schema;
    List<SimTable.Row> rows;
    if (dataset.equals(ANON_DATASET)) {
      SimJob job = jobs.values().stream().filter(j -> j.project().equals(project) && j.destinationTable().equals(table))
          .findFirst().orElseThrow(() -> new SimQuery.Refused(404, "notFound",
              "Not found: Table " + project + ":" + dataset + "." + table));
      schema = job.schema();
      rows = job.rows();
    } else {
      SimTable t = table(project + "." + dataset + "." + table);
      schema = t.schemaFields();
      rows = t.rows().stream().filter(r -> !r.exportTime().isAfter(now.get())).toList();
    }
    int max = Integer.parseInt(q.getOrDefault("maxResults", Integer.toString(DEFAULT_PAGE)));
    int offset = q.containsKey("pageToken") ? BigQueryResources.offset(q.get("pageToken")) : Integer.parseInt(q.getOrDefault("startIndex", "0"));
    ObjectNode response = BigQueryResources.page(json, schema, rows, offset, max, int64(q), malformedEvery());
    response.put("kind", "bigquery#tableDataList");
    server.respondJson(ex, 200, response);
  }

  private int malformedEvery() {
    return server.faults().plan().malformedEvery();
  }

  private static boolean int64(Map<String, String> q) {
    return Boolean.parseBoolean(q.getOrDefault("formatOptions.useInt64Timestamp", "false"));
  }

  private SimJob job(String project, String jobId) {
    SimJob job = jobs.get(project + ":" + jobId);
    if (job == null) {
      throw new SimQuery.Refused(404, "notFound", "Not found: Job " + project + ":" + jobId);
    }
    return job;
  }

  private SimTable table(String id) {
    SimTable t = tables.get(id);
    if (t == null) {
      throw new SimQuery.Refused(404, "notFound", "Not found: Table " + id.replaceFirst("\\.", ":"));
    }
    return t;
  }

  /** The request body; the client gzips what it posts. */
  private static java.io.InputStream body(HttpExchange ex) throws IOException {
    String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
    return encoding != null && encoding.toLowerCase(java.util.Locale.ROOT).contains("gzip")
        ? new java.util.zip.GZIPInputStream(ex.getRequestBody()) : ex.getRequestBody();
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      out.put(k, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Override
  public void close() {
    server.close();
  }
}
