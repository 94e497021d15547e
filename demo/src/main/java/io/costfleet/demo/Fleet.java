package io.costfleet.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo fleet's processes and files: the dispatcher (with the close engine, the allocation rules,
 * the rate table and the simulators' ground truth) and one worker per provider pointed at its
 * simulator, all on the demo's namespace and Redis prefix and sharing one storage root.
 */
final class Fleet {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(150);

  private final DemoSettings settings;
  private final ChildProcesses processes;
  private final String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
  private final Map<String, Integer> workerPorts = new LinkedHashMap<>();
  private int dispatcherPort;
  private final List<ChildProcesses.Child> started = new ArrayList<>();

  Fleet(DemoSettings settings, ChildProcesses processes) {
    this.settings = settings;
    this.processes = processes;
  }

  String token() {
    return token;
  }

  String dispatcherUrl() {
    return "http://127.0.0.1:" + dispatcherPort;
  }

  /** Worker metrics URLs by provider. */
  Map<String, String> workerMetrics() {
    Map<String, String> out = new LinkedHashMap<>();
    workerPorts.forEach((p, port) -> out.put(p, "http://127.0.0.1:" + port + "/actuator/prometheus"));
    return out;
  }

  /** Starts the dispatcher and the three workers (in parallel) and waits until each is ready. */
  void start(List<Simulators.Sim> sims, List<Path> truthFiles) throws IOException, InterruptedException {
    Path rules = Files.writeString(settings.runDir().resolve("allocation-rules.yaml"), rules(sims));
    Path rates = Files.writeString(settings.runDir().resolve("rates.csv"),
        "# the simulated GCP account bills in EUR\nbase_currency,currency,valid_from,rate\nUSD,EUR,2000-01-01,1.0842\n");
    dispatcherPort = DemoSettings.freePort();
    Path config = Files.writeString(settings.runDir().resolve("dispatcher.yaml"),
        dispatcherYaml(sims, rules, rates, truthFiles));
    ChildProcesses.Child dispatcher = processes.start("dispatcher", settings.java("dispatcher",
        List.of("-Dquarkus.config.locations=" + config, "-Dquarkus.http.port=" + dispatcherPort), List.of()),
        settings.runDir());
    started.add(dispatcher);
    for (Simulators.Sim sim : sims) {
      int port = DemoSettings.freePort();
      workerPorts.put(sim.provider(), port);
      started.add(processes.start("worker-" + sim.provider(), settings.java("worker-" + sim.provider(),
          List.of(), workerArgs(sim, port)), settings.runDir()));
    }
    Http http = Http.plain(null);
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    awaitUp(http, dispatcher, dispatcherUrl() + "/q/health/ready", deadline);
    for (int i = 0; i < sims.size(); i++) {
      awaitUp(http, started.get(i + 1), "http://127.0.0.1:" + workerPorts.get(sims.get(i).provider())
          + "/actuator/health", deadline);
    }
  }

  private static void awaitUp(Http http, ChildProcesses.Child child, String url, long deadline) throws IOException,
      InterruptedException {
    while (!http.ok(url)) {
      if (!child.process().isAlive()) {
        throw new IOException(child.name() + " exited with code " + child.process().exitValue() + "; "
            + ChildProcesses.tail(child.log()));
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(child.name() + " was not ready within " + START_TIMEOUT.toSeconds() + " s ("
            + url + "); " + ChildProcesses.tail(child.log()));
      }
      Thread.sleep(300);
    }
  }

  private List<String> workerArgs(Simulators.Sim sim, int port) {
    List<String> a = new ArrayList<>(List.of(
        "--server.port=" + port,
        "--spring.main.banner-mode=off",
        "--spring.rabbitmq.host=127.0.0.1",
        "--costfleet.topology.namespace=" + DemoSettings.NAMESPACE,
        "--costfleet.redis.key-prefix=" + DemoSettings.REDIS_PREFIX,
        "--costfleet.storage.root=" + settings.storageRoot(),
        "--costfleet.worker.id=demo-" + sim.provider(),
        "--costfleet.worker.concurrency=2",
        "--costfleet.worker.backoff-initial=2s",
        "--costfleet.worker.backoff-max=8s",
        "--costfleet.worker.max-attempts=8",
        "--costfleet.worker.throttle-backoff=500ms",
        "--costfleet.breaker.wait-duration-in-open-state=5s",
        "--costfleet.breaker.probe-timeout=5s",
        "--costfleet.ratelimit.defaults.permits-per-second=20",
        "--costfleet.ratelimit.defaults.burst=20"));
    switch (sim.provider()) {
      case "aws" -> a.addAll(List.of(
          "--costfleet.aws.ce.endpoint=" + sim.url(),
          "--costfleet.aws.ce.access-key-id=demo",
          "--costfleet.aws.ce.secret-access-key=demo"));
      case "gcp" -> {
        a.addAll(List.of(
            "--costfleet.gcp.host=" + sim.url(),
            "--costfleet.gcp.credentials=none",
            "--costfleet.gcp.project-id=costfleet-sim"));
        int i = 0;
        for (String account : sim.accounts()) {
          a.add("--costfleet.gcp.accounts[" + i + "].id=" + account);
          a.add("--costfleet.gcp.accounts[" + i + "].table=" + sim.tables().get(account));
          i++;
        }
      }
      case "azure" -> a.addAll(List.of(
          "--costfleet.azure.credential=simulator",
          "--costfleet.azure.trust-certificate=" + settings.runDir().resolve("azure-sim.pem"),
          "--costfleet.azure.query.endpoint=" + sim.url()));
      default -> throw new IllegalArgumentException(sim.provider());
    }
    return a;
  }

  private String dispatcherYaml(List<Simulators.Sim> sims, Path rules, Path rates, List<Path> truth) {
    StringBuilder y = new StringBuilder();
    y.append("# written by ./costfleet demo\n");
    y.append("costfleet:\n");
    y.append("  api:\n    token: \"").append(token).append("\"\n");
    y.append("  topology:\n    namespace: ").append(DemoSettings.NAMESPACE).append('\n');
    y.append("  redis:\n    key-prefix: \"").append(DemoSettings.REDIS_PREFIX).append("\"\n");
    y.append("  storage:\n    root: \"").append(settings.storageRoot()).append("\"\n");
    y.append("  schedules:\n    daily:\n      cron: \"off\"\n    month-end:\n      cron: \"off\"\n");
    y.append("  tracking:\n    refresh-every: 2s\n");
    y.append("  close:\n    rules-file: \"").append(rules).append("\"\n    rates-file: \"").append(rates)
        .append("\"\n    base-currency: USD\n    truth:\n");
    for (Path t : truth) {
      y.append("      - \"").append(t).append("\"\n");
    }
    y.append("  providers:\n");
    for (Simulators.Sim sim : sims) {
      String source = switch (sim.provider()) {
        case "aws" -> "cost-explorer";
        case "gcp" -> "bigquery-export";
        default -> "query";
      };
      y.append("    ").append(sim.provider()).append(":\n      accounts:\n");
      for (String account : sim.accounts()) {
        y.append("        \"").append(account).append("\":\n          sources:\n            ").append(source)
            .append(": [usage]\n");
      }
    }
    return y.toString();
  }

  /** The allocation rules: tags first, then accounts/projects/resource groups, then shared cost by drivers. */
  static String rules(List<Simulators.Sim> sims) {
    List<String> aws = sims.get(0).accounts();
    return """
        # written by ./costfleet demo: allocation of the simulated fleet
        version: "demo-1"
        default_business_unit: shared-services
        cost_centers:
          cc-storefront: digital
          cc-checkout: digital
          cc-data: data-platform
          cc-ml: data-platform
          cc-platform: platform
          cc-sandbox: research
        tags:
          - name: tag-environment-dev
            key: Environment
            values: { dev: cc-sandbox }
        hierarchy:
          - name: aws-storefront
            match: { provider: aws, billing_account: "%s" }
            cost_center: cc-storefront
          - name: aws-data
            match: { provider: aws, billing_account: "%s" }
            cost_center: cc-data
          - name: aws-ml
            match: { provider: aws, billing_account: "%s" }
            cost_center: cc-ml
          - name: gcp-shop
            match: { provider: gcp, project: ["shop-prod", "shop-dev"] }
            cost_center: cc-checkout
          - name: gcp-ml
            match: { provider: gcp, project: ["ml-*"] }
            cost_center: cc-ml
          - name: gcp-data
            match: { provider: gcp, project: ["data-lake", "analytics"] }
            cost_center: cc-data
          - name: azure-web
            match: { provider: azure, resource_group: ["rg-web", "rg-app"] }
            cost_center: cc-storefront
          - name: azure-data
            match: { provider: azure, resource_group: "rg-data" }
            cost_center: cc-data
          - name: azure-ml
            match: { provider: azure, resource_group: "rg-ml" }
            cost_center: cc-ml
          - name: azure-platform
            match: { provider: azure }
            unless: { resource_group: ["rg-shared", "rg-net"] }
            cost_center: cc-platform
        shared:
          - name: tax
            match: { charge_category: Tax }
            driver: fixed-weights
            weights: { cc-storefront: 2, cc-checkout: 1, cc-data: 1 }
          - name: shared-network
            match: { provider: azure, resource_group: ["rg-shared", "rg-net"] }
            driver: compute-spend
        """.formatted(aws.get(0), aws.get(1), aws.get(2));
  }
}
