package io.costfleet.worker.azure.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.costfleet.sim.GroundTruth;
import io.costfleet.sim.SimulatorServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * The Azure simulator: the Cost Management Query API and a storage account holding cost exports,
 * over HTTPS (a self-signed certificate made at start-up, see {@link SimulatorTls}), accepting the
 * bearer token of {@link SimulatorCredential}. Deterministic data from a seed ({@link SimLedger}).
 *
 * <pre>
 * POST /{scope}/providers/Microsoft.CostManagement/query   the Query API (subscription, resource group, billing account)
 * GET  /{account}/{container}?restype=container&amp;comp=list   List Blobs
 * GET|HEAD /{account}/{container}/{blob}                    Get Blob (ranges) / properties
 * GET  /_sim/truth                  ground truth of the Query API (per subscription, month, usage|amortized)
 * GET  /_sim/azure/exports/truth    ground truth of the exports (per subscription, month, usage|amortized|focus)
 * GET  /_sim/azure/info             subscriptions, billing account, months, storage endpoint and container
 * POST /_sim/azure/throttle         {"requests":1,"kind":"qpu","seconds":10,"scope":"subscriptions/..."}
 * POST /_sim/azure/exports/rerun    a new run of every export (restatement)
 * GET  /_sim/azure/requests         the request log;   POST /_sim/azure/reset  clears it and the throttles
 * plus the shared control plane (/_sim/faults, /_sim/stats, /_sim/reset, /_sim/health)
 * </pre>
 */
public final class AzureSimulator implements AutoCloseable {
  /**
   * Settings.
   *
   * @param host            interface to bind
   * @param port            0 for an ephemeral port
   * @param seed            data seed
   * @param subscriptions   how many subscriptions
   * @param lastMonth       the last month with data
   * @param months          how many months up to {@code lastMonth}
   * @param pageSize        Query API rows per page (Azure: 1000)
   * @param rowsPerBlob     export rows per partition file
   * @param malformedEvery  every n-th export row is written ragged (0: none)
   * @param quotaPerMinute  the query quota the {@code qpu-remaining} header counts down from
   * @param storageAccount  the storage account name (first path segment of blob URLs)
   * @param billingAccount  the billing account id of every subscription
   */
  public record Settings(String host, int port, long seed, int subscriptions, YearMonth lastMonth, int months,
      int pageSize, int rowsPerBlob, int malformedEvery, int quotaPerMinute, String storageAccount,
      String billingAccount) {

    /** 127.0.0.1, ephemeral port, 3 subscriptions × 2 months up to last month, Azure's page size. */
    public static Settings defaults() {
      return new Settings("127.0.0.1", 0, 42L, 3, YearMonth.now().minusMonths(1), 2, 1000, 500, 0, 600,
          "costfleetsim", "sim-enrollment-1");
    }

    public Settings withPort(int p) {
      return new Settings(host, p, seed, subscriptions, lastMonth, months, pageSize, rowsPerBlob, malformedEvery,
          quotaPerMinute, storageAccount, billingAccount);
    }

    public Settings withMalformedEvery(int n) {
      return new Settings(host, port, seed, subscriptions, lastMonth, months, pageSize, rowsPerBlob, n, quotaPerMinute,
          storageAccount, billingAccount);
    }
  }

  private final Settings settings;
  private final SimulatorTls tls;
  private final SimLedger ledger;
  private final SimExports exports;
  private final SimThrottles throttles = new SimThrottles();
  private final SimRequestLog log = new SimRequestLog();
  private final SimulatorServer server;

  private AzureSimulator(Settings settings) throws IOException {
    this.settings = settings;
    this.tls = SimulatorTls.generate();
    this.ledger = new SimLedger(settings.seed(), SimLedger.subscriptionIds(settings.seed(), settings.subscriptions()),
        settings.billingAccount());
    SimBlobStore store = new SimBlobStore();
    this.exports = new SimExports(ledger, store, settings.rowsPerBlob(), settings.malformedEvery());
    exports.publish(months(), Instant.now());
    this.server = new SimulatorServer(settings.host(), settings.port(), this::queryTruth, tls.serverContext());
    SimQueryApi query = new SimQueryApi(ledger, server.faults(), throttles, log, settings.pageSize(),
        settings.quotaPerMinute());
    SimBlobApi blobs = new SimBlobApi(settings.storageAccount(), store, server.faults(), log);
    server.route("/subscriptions/", query::handle)
        .route("/providers/", query::handle)
        .route("/" + settings.storageAccount() + "/", blobs::handle)
        .route("/_sim/azure/exports/truth", ex -> server.respondJson(ex, 200, new GroundTruth(exports.truth())))
        .route("/_sim/azure/exports/rerun", ex -> {
          rerunExports(Instant.now());
          server.respondJson(ex, 200, new GroundTruth(exports.truth()));
        })
        .route("/_sim/azure/info", ex -> server.respondJson(ex, 200, info()))
        .route("/_sim/azure/requests", ex -> server.respondJson(ex, 200, log.entries()))
        .route("/_sim/azure/reset", ex -> {
          log.clear();
          throttles.reset();
          server.respondJson(ex, 200, "reset");
        })
        .route("/_sim/azure/throttle", ex -> {
          JsonNode b = server.json().readTree(ex.getRequestBody());
          throttles.script(new SimThrottles.Burst(b.path("requests").asInt(1), b.path("kind").asText("qpu"),
              b.path("seconds").asInt(10), b.hasNonNull("scope") ? b.path("scope").asText() : null));
          server.respondJson(ex, 200, b);
        });
  }

  /** Starts a simulator. */
  public static AzureSimulator start(Settings settings) throws IOException {
    AzureSimulator sim = new AzureSimulator(settings);
    sim.server.start();
    return sim;
  }

  private List<YearMonth> months() {
    return SimExports.months(settings.lastMonth(), settings.months());
  }

  /** {@code https://127.0.0.1:<port>}: the management endpoint. */
  public String baseUrl() {
    return server.baseUrl();
  }

  /** The storage account endpoint ({@code https://127.0.0.1:<port>/<account>}). */
  public String storageEndpoint() {
    return server.baseUrl() + "/" + settings.storageAccount();
  }

  public String container() {
    return SimExports.CONTAINER;
  }

  public SimulatorTls tls() {
    return tls;
  }

  public SimulatorServer server() {
    return server;
  }

  public List<String> subscriptions() {
    return ledger.subscriptions();
  }

  public String billingAccount() {
    return settings.billingAccount();
  }

  public List<YearMonth> servedMonths() {
    return months();
  }

  public SimRequestLog requests() {
    return log;
  }

  /** Scripts a burst of throttled query requests (see {@code POST /_sim/azure/throttle}). */
  public void throttleNext(int requests, String kind, int seconds, String scope) {
    throttles.script(new SimThrottles.Burst(requests, kind, seconds, scope));
  }

  /**
   * Writes a new run of every export (a later {@code submittedTime}, new run ids), as a re-run or a
   * restatement does; readers must take it over the earlier one.
   */
  public void rerunExports(Instant runTime) {
    exports.publish(months(), runTime);
  }

  public GroundTruth exportTruth() {
    return new GroundTruth(exports.truth());
  }

  /**
   * Ground truth of the Query API with the default grouping (resource group and service for a
   * subscription): the sum of the view's cost over the month, and the number of rows
   * (day × resource group × service) it answers with.
   */
  public GroundTruth queryTruth() {
    List<GroundTruth.Entry> entries = new ArrayList<>();
    for (String sub : ledger.subscriptions()) {
      for (YearMonth month : months()) {
        for (boolean amortized : new boolean[] {false, true}) {
          BigDecimal total = BigDecimal.ZERO;
          Set<String> groups = new HashSet<>();
          for (SimCharge c : ledger.lines(sub, month)) {
            BigDecimal cost = c.cost(amortized);
            if (cost != null) {
              total = total.add(cost);
              groups.add(c.date() + "|" + c.resourceGroup() + "|" + c.serviceName());
            }
          }
          entries.add(new GroundTruth.Entry("azure", sub, month.toString(), amortized ? "amortized" : "usage", "USD",
              total, total, groups.size(), 0));
        }
      }
    }
    return new GroundTruth(entries);
  }

  private JsonNode info() {
    ObjectNode o = server.json().createObjectNode();
    o.put("managementEndpoint", baseUrl());
    o.put("storageEndpoint", storageEndpoint());
    o.put("container", SimExports.CONTAINER);
    o.put("billingAccount", settings.billingAccount());
    o.putPOJO("subscriptions", ledger.subscriptions());
    o.putPOJO("months", months().stream().map(YearMonth::toString).toList());
    o.put("token", SimulatorCredential.TOKEN);
    return o;
  }

  @Override
  public void close() {
    server.close();
  }

  /**
   * {@code sim [--port=8443] [--seed=42] [--subscriptions=3] [--months=2] [--last-month=YYYY-MM]
   * [--page-size=1000] [--rows-per-blob=500] [--malformed-every=0] [--cert-out=azure-sim.pem]}:
   * runs until killed; writes the certificate a worker must trust to {@code --cert-out}.
   */
  public static void main(String[] args) throws Exception {
    Settings d = Settings.defaults().withPort(8443);
    Path certOut = Path.of("azure-sim.pem");
    String host = d.host();
    int port = d.port();
    long seed = d.seed();
    int subs = d.subscriptions();
    int months = d.months();
    YearMonth last = d.lastMonth();
    int pageSize = d.pageSize();
    int rowsPerBlob = d.rowsPerBlob();
    int malformed = d.malformedEvery();
    for (String a : args) {
      String[] kv = a.replaceFirst("^--", "").split("=", 2);
      String v = kv.length > 1 ? kv[1] : "";
      switch (kv[0]) {
        case "host" -> host = v;
        case "port" -> port = Integer.parseInt(v);
        case "seed" -> seed = Long.parseLong(v);
        case "subscriptions" -> subs = Integer.parseInt(v);
        case "months" -> months = Integer.parseInt(v);
        case "last-month" -> last = YearMonth.parse(v);
        case "page-size" -> pageSize = Integer.parseInt(v);
        case "rows-per-blob" -> rowsPerBlob = Integer.parseInt(v);
        case "malformed-every" -> malformed = Integer.parseInt(v);
        case "cert-out" -> certOut = Path.of(v);
        default -> throw new IllegalArgumentException("unknown option --" + kv[0]);
      }
    }
    Settings s = new Settings(host, port, seed, subs, last, months, pageSize, rowsPerBlob, malformed,
        d.quotaPerMinute(), d.storageAccount(), d.billingAccount());
    AzureSimulator sim = start(s);
    sim.tls().writePem(certOut);
    System.out.println("azure simulator on " + sim.baseUrl() + " (storage " + sim.storageEndpoint() + ", container "
        + sim.container() + "); certificate in " + certOut.toAbsolutePath() + "; subscriptions "
        + sim.subscriptions() + "; months " + sim.servedMonths());
    Runtime.getRuntime().addShutdownHook(new Thread(sim::close));
    new CountDownLatch(1).await();
  }
}
