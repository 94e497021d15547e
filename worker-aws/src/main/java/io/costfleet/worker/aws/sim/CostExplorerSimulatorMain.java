package io.costfleet.worker.aws.sim;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar costfleet-worker-aws-exec.jar sim [--host H] [--port 0] [--seed 42] [--accounts 5]
 * [--services 12] [--page-size 200] [--periods 2026-10,2026-11] [--estimated-from 2026-10-25]
 * [--deny ACCOUNT]}: runs the Cost Explorer simulator standalone and prints its URL and accounts.
 */
public final class CostExplorerSimulatorMain {
  private CostExplorerSimulatorMain() {}

  public static void main(String[] args) throws Exception {
    run(args);
  }

  public static void run(String[] args) throws Exception {
    CostExplorerSimulator.Options o = CostExplorerSimulator.Options.defaults();
    String host = "127.0.0.1";
    int port = 0;
    List<String> deny = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--host" -> host = v;
        case "--port" -> port = Integer.parseInt(v);
        case "--seed" -> o = o.withSeed(Long.parseLong(v));
        case "--accounts" -> o = o.withAccounts(Integer.parseInt(v));
        case "--services" -> o = o.withServices(Integer.parseInt(v));
        case "--page-size" -> o = o.withPageSize(Integer.parseInt(v));
        case "--periods" -> o = o.withPeriods(java.util.Arrays.stream(v.split(",")).map(YearMonth::parse).toList());
        case "--estimated-from" -> o = o.withEstimatedFrom(LocalDate.parse(v));
        case "--deny" -> deny.add(v);
        default -> {
          System.err.println("sim: unknown option " + args[i] + " (see the README, Sources → AWS Cost Explorer)");
          System.exit(2);
        }
      }
      i++;
    }
    CostExplorerSimulator sim = new CostExplorerSimulator(o, host, port);
    deny.forEach(sim::deny);
    sim.startServer();
    System.out.println("cost explorer simulator listening on " + sim.baseUrl());
    System.out.println("accounts: " + String.join(",", sim.accounts()));
    System.out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(sim::close));
    Thread.currentThread().join();
  }
}
