package io.costfleet.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The three provider simulators as processes ({@code java -jar worker-<p>-exec.jar sim ...}), what
 * their start-up banners say (URL, accounts), their fault control planes and their ground truth.
 */
final class Simulators {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Pattern URL = Pattern.compile("(https?://127\\.0\\.0\\.1:\\d+)");

  /** One running simulator. */
  record Sim(String provider, String url, List<String> accounts, Map<String, String> tables, Http http) {}

  private final DemoSettings settings;
  private final ChildProcesses processes;

  Simulators(DemoSettings settings, ChildProcesses processes) {
    this.settings = settings;
    this.processes = processes;
  }

  /** Starts the three simulators (in parallel) and reads their banners. */
  List<Sim> start() throws IOException, InterruptedException {
    String period = settings.period().toString();
    Path pem = settings.runDir().resolve("azure-sim.pem");
    ChildProcesses.Child aws = processes.start("sim-aws", settings.java("worker-aws", "sim", "--port", "0", "--seed",
        "42", "--accounts", Integer.toString(DemoSettings.AWS_ACCOUNTS), "--periods", period), settings.runDir());
    ChildProcesses.Child gcp = processes.start("sim-gcp", settings.java("worker-gcp", "sim", "--port", "0", "--seed",
        "42", "--periods", period), settings.runDir());
    ChildProcesses.Child azure = processes.start("sim-azure", settings.java("worker-azure", "sim", "--port=0",
        "--seed=42", "--cert-out=" + pem, "--subscriptions=" + DemoSettings.AZURE_SUBSCRIPTIONS, "--months=1",
        "--last-month=" + period), settings.runDir());

    String awsAccounts = ChildProcesses.awaitLine(aws, l -> l.startsWith("accounts:"), START_TIMEOUT);
    Sim awsSim = new Sim("aws", url(ChildProcesses.awaitLine(aws, l -> l.contains("listening on"), START_TIMEOUT)),
        Arrays.asList(awsAccounts.substring("accounts:".length()).strip().split(",")), Map.of(), Http.plain(null));

    ChildProcesses.awaitLine(gcp, l -> l.startsWith("worker settings:"), START_TIMEOUT);
    String gcpUrl = url(ChildProcesses.awaitLine(gcp, l -> l.contains("listening on"), START_TIMEOUT));
    Map<String, String> tables = new java.util.LinkedHashMap<>();
    for (String line : Files.readAllLines(gcp.log())) {
      String[] parts = line.strip().split("\\s+");
      if (line.startsWith("  ") && parts.length == 2 && parts[0].matches("[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}")) {
        tables.put(parts[0], parts[1]);
      }
    }
    // The simulator's third billing account exports to a table without cost_type (a drift case its
    // own tests use); the demo extracts the two good ones.
    List<String> gcpAccounts = tables.keySet().stream().filter(a -> !a.startsWith("01DEAD")).toList();
    Sim gcpSim = new Sim("gcp", gcpUrl, gcpAccounts, tables, Http.plain(null));

    String banner = ChildProcesses.awaitLine(azure, l -> l.startsWith("azure simulator on"), START_TIMEOUT);
    Matcher subs = Pattern.compile("subscriptions \\[([^\\]]*)\\]").matcher(banner);
    if (!subs.find()) {
      throw new IOException("cannot read the azure simulator's subscriptions from: " + banner);
    }
    List<String> subscriptions = Arrays.stream(subs.group(1).split(",")).map(String::strip).toList();
    Sim azureSim = new Sim("azure", url(banner), subscriptions, Map.of(), Http.trusting(pem));
    return List.of(awsSim, gcpSim, azureSim);
  }

  /** Sets a simulator's fault plan ({@code POST /_sim/faults}). */
  static void faults(Sim sim, String planJson) throws IOException, InterruptedException {
    sim.http().postJson(sim.url() + "/_sim/faults", planJson);
  }

  /**
   * Writes the simulator's ground truth for what the demo extracts (its accounts, dataset usage,
   * the demo's period) as a GroundTruth JSON file for the close's reconciliation.
   */
  static Path writeTruth(Sim sim, YearMonth period, Path file) throws IOException, InterruptedException {
    JsonNode truth = sim.http().getJson(sim.url() + "/_sim/truth");
    ObjectNode out = Http.JSON.createObjectNode();
    ArrayNode entries = out.putArray("entries");
    List<String> kept = new ArrayList<>();
    for (JsonNode e : truth.path("entries")) {
      if (sim.accounts().contains(e.path("account").asText()) && "usage".equals(e.path("dataset").asText())
          && period.toString().equals(e.path("period").asText())) {
        entries.add(e);
        kept.add(e.path("account").asText());
      }
    }
    if (kept.size() != sim.accounts().size()) {
      throw new IOException(sim.provider() + " simulator has no usage total for every account of " + period + ": "
          + truth);
    }
    Files.writeString(file, Http.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out));
    return file;
  }

  private static String url(String line) throws IOException {
    Matcher m = URL.matcher(line);
    if (!m.find()) {
      throw new IOException("no URL in the simulator's banner: " + line);
    }
    return m.group(1);
  }
}
