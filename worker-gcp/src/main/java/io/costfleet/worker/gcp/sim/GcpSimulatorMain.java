package io.costfleet.worker.gcp.sim;

import java.time.YearMonth;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar costfleet-worker-gcp-exec.jar sim [--host 127.0.0.1] [--port 0] [--seed 42]
 * [--periods 2026-10,2026-11]}: runs the BigQuery simulator standalone and prints its URL, its
 * tables and the worker settings that point at it.
 */
public final class GcpSimulatorMain {
  private GcpSimulatorMain() {}

  public static void main(String[] args) throws Exception {
    run(args);
  }

  public static void run(String[] args) throws Exception {
    String host = "127.0.0.1";
    int port = 0;
    long seed = 42;
    List<YearMonth> periods = List.of(YearMonth.of(2026, 10));
    for (int i = 0; i < args.length; i++) {
      String v = i + 1 < args.length ? args[i + 1] : null;
      if (v == null) {
        usage("option " + args[i] + " needs a value");
      }
      switch (args[i]) {
        case "--host" -> host = v;
        case "--port" -> port = Integer.parseInt(v);
        case "--seed" -> seed = Long.parseLong(v);
        case "--periods" -> periods = Arrays.stream(v.split(",")).map(String::strip).map(YearMonth::parse).toList();
        default -> usage("unknown option " + args[i]);
      }
      i++;
    }
    BigQuerySimulator sim = BigQuerySimulator.start(host, port, seed, periods);
    System.out.println("bigquery simulator listening on " + sim.baseUrl());
    System.out.println("billing accounts and export tables:");
    for (String account : List.of(BillingDataGenerator.STANDARD_ACCOUNT, BillingDataGenerator.DETAILED_ACCOUNT,
        BillingDataGenerator.BROKEN_ACCOUNT)) {
      System.out.println("  " + account + "  " + BillingDataGenerator.tableId(account));
    }
    System.out.println("worker settings: --costfleet.gcp.host=" + sim.baseUrl()
        + " --costfleet.gcp.credentials=none --costfleet.gcp.project-id=costfleet-sim");
    System.out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(sim::close));
    Thread.currentThread().join();
  }

  private static void usage(String problem) {
    System.err.println("sim: " + problem + " (see the README, Sources → Google Cloud BigQuery billing export)");
    System.exit(2);
  }
}
