package io.costfleet.bench;

import io.costfleet.sim.GroundTruth;
import io.costfleet.worker.aws.sim.CurReportGenerator;
import io.costfleet.worker.aws.sim.CurSimulation;
import io.costfleet.worker.aws.sim.S3Objects;
import io.costfleet.worker.aws.sim.S3Simulator;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./costfleet bench cur [--rows N] [--page-rows N] [--xmx 512m] [--dir DIR]}: rows/s of one
 * CUR {@code .csv.gz} (130 columns, generated from a seed, gzip level 6) through the worker path —
 * real S3 client against the S3 simulator, CUR normalizer, the runner's validation and FOCUS Parquet
 * staging — in a JVM limited to one core and a small heap, printed next to the decompression floor:
 * {@code gzip -dc} of the same file on one core, in the same run. Staged totals are checked against
 * the generator's ground truth.
 */
final class CurBench implements Bench.Command {

  @Override
  public void run(String[] args) throws Exception {
    Map<String, String> opt = options(args);
    long rows = Long.parseLong(opt.getOrDefault("rows", "1000000"));
    int pageRows = Integer.parseInt(opt.getOrDefault("page-rows", "5000"));
    String xmx = opt.getOrDefault("xmx", "512m");
    Path dir = Path.of(opt.getOrDefault("dir", "bench/target/cur-bench")).toAbsolutePath();
    YearMonth period = YearMonth.of(2024, 3);
    String account = "123456789012";
    Files.createDirectories(dir);

    S3Objects objects = new S3Objects();
    deleteTree(dir.resolve("generated-" + rows));
    CurSimulation sim = new CurSimulation(objects, dir.resolve("generated-" + rows));
    long g0 = System.nanoTime();
    CurSimulation.Delivery delivery = sim.deliver(new CurSimulation.Report("bench", "bench", "cur", false),
        new CurReportGenerator.Spec(20240301, period, account, 20, rows, 0, 6), 1, Instant.parse("2024-04-02T06:00:00Z"));
    Path file = delivery.files().get(0).file();
    System.out.printf("generated %,d rows x %d columns: %s (%.1f MB gzip) in %.1f s%n", rows, 130, file,
        Files.size(file) / 1e6, (System.nanoTime() - g0) / 1e9);

    boolean pin = new File("/usr/bin/taskset").canExecute();
    double floor = Double.MAX_VALUE;
    for (int i = 0; i < 2; i++) {
      List<String> gzip = new ArrayList<>(pin ? List.of("taskset", "-c", "0") : List.of());
      gzip.addAll(List.of("gzip", "-dc", file.toString()));
      long t0 = System.nanoTime();
      Process p = new ProcessBuilder(gzip).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("gzip -dc failed");
      }
      floor = Math.min(floor, (System.nanoTime() - t0) / 1e9);
    }

    Path staging = dir.resolve("staging-run");
    deleteTree(staging);
    String result;
    String stageLine;
    try (S3Simulator s3 = new S3Simulator("127.0.0.1", 0, objects, sim::truth).start()) {
      List<String> cmd = new ArrayList<>(pin ? List.of("taskset", "-c", "0") : List.of());
      cmd.addAll(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx" + xmx,
          "-XX:ActiveProcessorCount=1", "-XX:+UseSerialGC"));
      String extra = System.getenv("COSTFLEET_BENCH_JVM_OPTS");
      if (extra != null && !extra.isBlank()) {
        cmd.addAll(List.of(extra.trim().split("\\s+")));
      }
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"),
          "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
          CurBenchRun.class.getName(), s3.endpoint(), "bench", account, period.toString(), Integer.toString(pageRows),
          staging.toString()));
      Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      result = null;
      String stages = null;
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith("RESULT ")) {
            result = line;
          } else if (line.startsWith("STAGES ")) {
            stages = line;
          } else {
            System.out.println("  | " + line);
          }
        }
      }
      if (child.waitFor() != 0 || result == null) {
        throw new IllegalStateException("the measured run failed (exit " + child.exitValue() + ")");
      }
      stageLine = stages;
    }
    Map<String, String> r = new HashMap<>();
    for (String kv : result.substring(7).split(" ")) {
      String[] p = kv.split("=", 2);
      r.put(p[0], p[1]);
    }
    GroundTruth.Entry truth = sim.truth().entries().get(0);
    double seconds = Double.parseDouble(r.get("seconds"));
    long staged = Long.parseLong(r.get("rows"));
    double pipelineRate = staged / seconds;
    double floorRate = rows / floor;
    boolean exact = new BigDecimal(r.get("billed")).compareTo(truth.billedCost()) == 0
        && new BigDecimal(r.get("effective")).compareTo(truth.effectiveCost()) == 0
        && staged == truth.records();
    System.out.println();
    System.out.printf("CUR csv.gz -> validated FOCUS Parquet, one core%s, -Xmx%s, %,d rows/page%n",
        pin ? " (taskset -c 0)" : "", xmx, pageRows);
    System.out.printf("  gzip -dc (floor)        %8.2f s  %,12.0f rows/s%n", floor, floorRate);
    System.out.printf("  costfleet worker path   %8.2f s  %,12.0f rows/s   %5.1f%% of the floor%n", seconds,
        pipelineRate, 100 * pipelineRate / floorRate);
    if (stageLine != null) {
      Map<String, String> st = new HashMap<>();
      for (String kv : stageLine.substring(7).split(" ")) {
        String[] p = kv.split("=", 2);
        st.put(p[0], p[1]);
      }
      double fetch = Double.parseDouble(st.get("fetchSeconds"));
      double normalize = Double.parseDouble(st.get("normalizeSeconds")) - fetch;
      System.out.printf("  where the time goes: S3 + gunzip + CSV %.2f s, CUR normalizer %.2f s, runner (stamp, "
          + "validate, Parquet, cursor) %.2f s%n", fetch, Math.max(0, normalize), Math.max(0, seconds - fetch
          - Math.max(0, normalize)));
    }
    System.out.printf("  heap: max %s MB, largest live set after a full GC %s MB (peak incl. garbage %s MB); %s pages; "
        + "staged %,d rows, quarantined %s%n", r.get("maxHeapMb"), r.get("liveAfterGcMb"), r.get("peakHeapMb"),
        r.get("pages"), staged, r.get("quarantined"));
    System.out.printf("  totals vs ground truth: BilledCost %s, EffectiveCost %s -> %s%n", r.get("billed"),
        r.get("effective"), exact ? "exact" : "MISMATCH (truth " + truth.billedCost() + " / " + truth.effectiveCost()
        + ", " + truth.records() + " rows)");
    if (!exact) {
      throw new IllegalStateException("staged totals differ from the ground truth");
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> opt = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("bench cur: unexpected argument " + args[i]);
      }
      opt.put(args[i].substring(2), args[i + 1]);
    }
    return opt;
  }

  private static void deleteTree(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
