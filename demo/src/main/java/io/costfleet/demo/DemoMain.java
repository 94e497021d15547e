package io.costfleet.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code ./costfleet demo}: the whole fleet on this machine against the provider simulators, ending
 * in a chargeback report. Every process it starts is stopped when it ends, fails or is interrupted.
 * Exit code 0 when the period closed and reconciled, 1 otherwise, 2 on a usage error.
 */
public final class DemoMain {
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(6);
  private static final Duration OUTAGE = Duration.ofSeconds(12);
  static final String AWS_FAULTS = "{\"throttleEvery\":4,\"retryAfterSeconds\":1,\"malformedEvery\":250}";
  static final String GCP_FAULTS = "{\"throttleEvery\":10,\"retryAfterSeconds\":1,\"malformedEvery\":300}";
  static final String AZURE_OUTAGE = "{\"outage\":true}";
  static final String AZURE_AFTER = "{}";

  private final DemoSettings settings;
  private final PrintStream out;
  private final boolean tty = System.console() != null;
  private final long started = System.nanoTime();

  DemoMain(DemoSettings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
  }

  public static void main(String[] args) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    YearMonth period = YearMonth.of(2026, 10);
    boolean keep = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--period" -> {
          try {
            period = YearMonth.parse(i + 1 < args.length ? args[++i] : "");
          } catch (DateTimeParseException e) {
            System.err.println("costfleet demo: --period needs YYYY-MM");
            System.exit(2);
          }
        }
        case "--keep" -> keep = true;
        default -> {
          System.err.println("costfleet demo: unknown option '" + args[i] + "' (see ./costfleet demo --help)");
          System.exit(2);
        }
      }
    }
    Path repo = Path.of(System.getProperty("costfleet.repo", ".")).toAbsolutePath().normalize();
    DemoSettings settings = new DemoSettings(repo, repo.resolve("run/demo"), period);
    int code;
    try {
      code = new DemoMain(settings, System.out).run(keep);
    } catch (Exception e) {
      System.out.println();
      System.err.println("costfleet demo: " + e.getMessage());
      System.err.println("logs: " + settings.logs());
      code = 1;
    }
    System.exit(code);
  }

  int run(boolean keep) throws Exception {
    if (!keep) {
      deleteTree(settings.runDir());
    }
    Files.createDirectories(settings.storageRoot());
    step("clearing what an earlier demo left in RabbitMQ (namespace " + DemoSettings.NAMESPACE + ") and Redis (prefix "
        + DemoSettings.REDIS_PREFIX + ")");
    DemoState.clear();
    try (ChildProcesses processes = new ChildProcesses(settings.logs(), DemoMain::clearQuietly)) {
      try {
        return runFleet(processes);
      } finally {
        step("stopping the " + processes.alive() + " processes the demo started");
        processes.stopAll();
        DemoState.clear();
      }
    }
  }

  private int runFleet(ChildProcesses processes) throws Exception {
    step("starting the provider simulators (AWS Cost Explorer, Google BigQuery, Azure Cost Management)");
    List<Simulators.Sim> sims = new Simulators(settings, processes).start();
    for (Simulators.Sim s : sims) {
      out.printf("    %-5s %s  accounts: %s%n", s.provider(), s.url(), String.join(", ", s.accounts()));
    }
    Simulators.Sim aws = sims.get(0);
    Simulators.Sim gcp = sims.get(1);
    Simulators.Sim azure = sims.get(2);
    step("injecting faults: AWS throttles every 4th call and corrupts every 250th row, Google throttles every "
        + "10th call and corrupts every 300th row, Azure is down (HTTP 503) for the first " + OUTAGE.toSeconds() + " s");
    Simulators.faults(aws, AWS_FAULTS);
    Simulators.faults(gcp, GCP_FAULTS);
    Simulators.faults(azure, AZURE_OUTAGE);
    List<Path> truth = new ArrayList<>();
    for (Simulators.Sim s : sims) {
      truth.add(Simulators.writeTruth(s, settings.period(), settings.runDir().resolve("truth-" + s.provider() + ".json")));
    }

    step("starting the dispatcher and one worker per provider (namespace " + DemoSettings.NAMESPACE + ", logs in "
        + relative(settings.logs()) + ")");
    Fleet fleet = new Fleet(settings, processes);
    fleet.start(sims, truth);
    Http api = Http.plain(fleet.token());

    int accounts = sims.stream().mapToInt(s -> s.accounts().size()).sum();
    step("enqueuing billing period " + settings.period() + " for " + accounts + " accounts, close when done");
    JsonNode enqueued = api.postJson(fleet.dispatcherUrl() + "/api/v1/backfills", "{\"providers\":[\"aws\",\"gcp\","
        + "\"azure\"],\"from\":\"" + settings.period() + "\",\"priority\":5,\"close\":true}");
    out.printf("    %d jobs enqueued%n", enqueued.path("enqueued").asLong());

    FleetProgress last = watch(api, fleet, azure, processes);
    out.println();
    Path reports = settings.storageRoot().resolve("reports").resolve(settings.period().toString());
    if (!"closed".equals(last.status())) {
      out.println("period " + settings.period() + " did not close: status " + last.status());
      JsonNode p = api.getJson(fleet.dispatcherUrl() + "/api/v1/periods/" + settings.period());
      if (p.hasNonNull("closeError")) {
        out.println("  " + p.get("closeError").asText());
      }
      if (Files.isRegularFile(reports.resolve("reconciliation.json"))) {
        out.println("  reconciliation: " + relative(reports.resolve("reconciliation.json")));
      }
      return 1;
    }
    return new ChargebackSummary(settings, out).print(last, elapsed()) ? 0 : 1;
  }

  /** Polls until the period is closed or failed; prints progress; ends the Azure outage on time. */
  private FleetProgress watch(Http api, Fleet fleet, Simulators.Sim azure, ChildProcesses processes)
      throws Exception {
    long outageEnds = System.nanoTime() + OUTAGE.toNanos();
    boolean outage = true;
    long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
    long lastPrinted = 0;
    Http metrics = Http.plain(null);
    FleetProgress p;
    while (true) {
      if (outage && System.nanoTime() >= outageEnds) {
        Simulators.faults(azure, AZURE_AFTER);
        outage = false;
        progressBreak();
        out.println("    azure is back: the retried jobs resume from their cursors");
      }
      JsonNode period = api.getJson(fleet.dispatcherUrl() + "/api/v1/periods/" + settings.period());
      Map<String, String> texts = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : fleet.workerMetrics().entrySet()) {
        try {
          texts.put(e.getKey(), metrics.getText(e.getValue()));
        } catch (IOException unreachable) {
          texts.put(e.getKey(), "");
        }
      }
      p = FleetProgress.of(period, texts);
      String line = p.line(elapsed(), outage ? "azure DOWN" : "");
      if (tty) {
        out.print("\r" + line + "\u001b[K");
        out.flush();
      } else if (System.nanoTime() - lastPrinted > 5_000_000_000L) {
        out.println(line);
        lastPrinted = System.nanoTime();
      }
      if (p.status().equals("closed") || p.status().equals("failed")) {
        if (!tty) {
          out.println(line);
        }
        return p;
      }
      if (p.failed() > 0 && p.running() == 0 && p.waiting() == 0) {
        progressBreak();
        out.println(p.failed() + " job(s) failed for good and hold the close:");
        for (JsonNode j : api.getJson(fleet.dispatcherUrl() + "/api/v1/jobs?period=" + settings.period()
            + "&state=failed")) {
          out.println("  " + j.path("jobId").asText() + " " + j.path("provider").asText() + " "
              + j.path("accountId").asText() + ": " + j.path("error").asText());
        }
        return p;
      }
      ChildProcesses.Child dead = processes.firstDead();
      if (dead != null) {
        throw new IOException(dead.name() + " stopped unexpectedly (exit " + dead.process().exitValue() + "); "
            + ChildProcesses.tail(dead.log()));
      }
      if (System.nanoTime() > deadline) {
        progressBreak();
        out.println("the period did not close within " + RUN_TIMEOUT.toMinutes() + " minutes" + (p.failed() > 0
            ? ": " + p.failed() + " job(s) failed (./costfleet dlq list <provider> on a running fleet shows why)"
            : ""));
        return p;
      }
      Thread.sleep(1000);
    }
  }

  /** After an interruption: remove the demo's queues and keys too, so nothing of it is left running or queued. */
  private static void clearQuietly() {
    try {
      DemoState.clear();
    } catch (IOException | RuntimeException e) {
      System.err.println("costfleet demo: could not remove its queues and keys (the next run does): " + e.getMessage());
    }
  }

  private void progressBreak() {
    if (tty) {
      out.println();
    }
  }

  private void step(String what) {
    out.printf("[%3ds] %s%n", elapsed(), what);
  }

  long elapsed() {
    return Duration.ofNanos(System.nanoTime() - started).toSeconds();
  }

  String relative(Path p) {
    Path cwd = Path.of("").toAbsolutePath();
    return p.startsWith(cwd) ? cwd.relativize(p).toString() : p.toString();
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
