package io.costfleet.worker.aws.sim;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;

/**
 * {@code java -jar costfleet-worker-aws-exec.jar sim --s3 [--host 127.0.0.1] [--port 0]
 * [--mount BUCKET=DIR]... [--generate ACCOUNT:YYYY-MM:ROWS[:FILES]]... [--seed 42]
 * [--malformed-every N] [--work DIR]}: runs the S3 simulator standalone. {@code --mount} serves a directory (e.g.
 * {@code koku=../shared/samples/aws-cur/koku/s3-layout}); {@code --generate} publishes a generated
 * legacy CUR delivery in bucket {@code cur}, prefix {@code cur}, report {@code daily} (configure
 * {@code costfleet.aws.cur.reports.ACCOUNT.bucket=cur}, {@code .prefix=cur}, {@code .name=daily}).
 * Prints the endpoint; {@code GET /_sim/truth} gives the generated totals.
 */
public final class S3SimulatorMain {
  private S3SimulatorMain() {}

  public static void main(String[] args) throws Exception {
    run(args);
  }

  public static void run(String[] args) throws Exception {
    String host = "127.0.0.1";
    int port = 0;
    long seed = 42;
    int malformedEvery = 0;
    Path work = null;
    S3Objects objects = new S3Objects();
    java.util.List<String> generate = new java.util.ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--s3" -> {
          continue;
        }
        case "--host" -> host = v;
        case "--port" -> port = Integer.parseInt(v);
        case "--seed" -> seed = Long.parseLong(v);
        case "--malformed-every" -> malformedEvery = Integer.parseInt(v);
        case "--work" -> work = Path.of(v);
        case "--mount" -> {
          String[] kv = v.split("=", 2);
          objects.mount(kv[0], Path.of(kv[1]));
        }
        case "--generate" -> generate.add(v);
        default -> {
          System.err.println("sim --s3: unknown option " + args[i] + " (see the README, Sources → AWS CUR)");
          System.exit(2);
        }
      }
      i++;
    }
    Path dir = work != null ? work : Files.createTempDirectory("costfleet-s3-sim");
    CurSimulation deliveries = new CurSimulation(objects, dir);
    S3Simulator sim = new S3Simulator(host, port, objects, deliveries::truth);
    for (String g : generate) {
      String[] p = g.split(":");
      int files = p.length > 3 ? Integer.parseInt(p[3]) : 1;
      CurSimulation.Delivery d = deliveries.deliver(new CurSimulation.Report("cur", "cur", "daily", false),
          new CurReportGenerator.Spec(seed, YearMonth.parse(p[1]), p[0], 5, Long.parseLong(p[2]), malformedEvery, 6), files,
          Instant.now());
      System.out.println("delivered " + p[0] + " " + p[1] + ": assembly " + d.assemblyId() + ", " + d.records()
          + " rows, BilledCost " + d.billed().toPlainString());
    }
    sim.start();
    System.out.println("s3 simulator listening on " + sim.endpoint());
    System.out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(sim::close));
    Thread.currentThread().join();
  }
}
