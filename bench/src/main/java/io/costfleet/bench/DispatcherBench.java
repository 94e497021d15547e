package io.costfleet.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.costfleet.job.Topology;
import io.costfleet.job.TopologyDeclarer;
import io.costfleet.testing.Amqp;
import io.costfleet.testing.RedisNamespace;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./costfleet bench dispatcher [runs]}: starts the packaged dispatcher ({@code dispatcher/target/quarkus-app})
 * against the RabbitMQ and Redis on 127.0.0.1, on a private namespace and key prefix, and prints per run: time
 * from process start to ready ({@code /q/health/ready} 200) and Quarkus' own start-up time, then resident memory
 * (RSS) and heap in use after start; then, on the last run, a backfill of 3 providers x 50 accounts x 12 periods
 * (1,800 jobs, published with confirms) through the API, its rate, and memory after it. Deletes what it made.
 */
final class DispatcherBench {
  private static final Path APP = Path.of("dispatcher/target/quarkus-app/quarkus-run.jar");
  private static final double READY_FLOOR_S = 5;
  private static final double RSS_FLOOR_MB = 300;
  private static final double BACKFILL_FLOOR_JOBS_PER_S = 200;
  private static final int ACCOUNTS = 50;
  private static final int PERIODS = 12;
  private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");

  private DispatcherBench() {}

  private record Figures(double readySeconds, double quarkusSeconds, double cpuSeconds, double rssMb,
      double heapMb) {}

  static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    if (!Files.exists(APP)) {
      throw new IllegalStateException(APP + " is missing: build it with mvn -pl dispatcher -am package -DskipTests");
    }
    String token = "bench-" + UUID.randomUUID();
    System.out.printf("dispatcher bench: %s, %d run(s), %d cores, java %s%n", APP, runs,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    List<Figures> all = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      Topology topology = Amqp.privateTopology();
      try (RedisNamespace redis = RedisNamespace.create()) {
        Path config = fleetConfig(token, topology, redis.prefix());
        int port = freePort();
        Path log = Files.createTempFile("dispatcher-bench", ".log");
        long started = System.nanoTime();
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Dquarkus.http.port=" + port, "-Dquarkus.config.locations=" + config, "-jar", APP.toString()))
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
          HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
          waitReady(http, port, p, log);
          double ready = (System.nanoTime() - started) / 1e9;
          double cpu = cpuSeconds(p.pid());
          Thread.sleep(2_000);
          Figures f = new Figures(ready, quarkusSeconds(log), cpu, rssMb(p.pid()), heapMb(http, port));
          all.add(f);
          System.out.printf("run %d: ready in %.2f s (Quarkus: started in %.2f s; %.2f s of CPU), RSS %.0f MB,"
              + " heap used %.0f MB after start%n", run, f.readySeconds(), f.quarkusSeconds(), f.cpuSeconds(),
              f.rssMb(), f.heapMb());
          if (run == runs) {
            backfill(http, port, token, p.pid());
          }
        } finally {
          p.destroy();
          p.waitFor();
          Files.deleteIfExists(log);
          Files.deleteIfExists(config);
          deleteTopology(topology);
        }
      }
    }
    System.out.printf("median: ready %.2f s (floor %.0f s), Quarkus start %.2f s, CPU %.2f s, RSS %.0f MB"
            + " (floor %.0f MB), heap %.0f MB; load average now %.1f on %d cores%n", median(all, Figures::readySeconds),
        READY_FLOOR_S, median(all, Figures::quarkusSeconds), median(all, Figures::cpuSeconds),
        median(all, Figures::rssMb), RSS_FLOOR_MB, median(all, Figures::heapMb),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors());
  }

  private static void backfill(HttpClient http, int port, String token, long pid) throws Exception {
    YearMonth to = YearMonth.now().minusMonths(1);
    String body = "{\"providers\":[\"aws\",\"gcp\",\"azure\"],\"from\":\"" + to.minusMonths(PERIODS - 1) + "\",\"to\":\""
        + to + "\"}";
    long t0 = System.nanoTime();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/backfills"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .timeout(Duration.ofMinutes(5)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    double seconds = (System.nanoTime() - t0) / 1e9;
    Matcher m = Pattern.compile("\"enqueued\":(\\d+)").matcher(r.body());
    if (r.statusCode() != 200 || !m.find()) {
      throw new IllegalStateException("backfill failed: " + r.statusCode() + " " + r.body());
    }
    int enqueued = Integer.parseInt(m.group(1));
    System.out.printf("backfill of %d jobs (3 providers x %d accounts x %d periods) through the API: %.2f s,"
            + " %.0f jobs/s (floor %.0f jobs/s); after it RSS %.0f MB, heap used %.0f MB%n", enqueued, ACCOUNTS,
        PERIODS, seconds, enqueued / seconds, BACKFILL_FLOOR_JOBS_PER_S, rssMb(pid), heapMb(http, port));
  }

  private static Path fleetConfig(String token, Topology topology, String prefix) throws IOException {
    StringBuilder y = new StringBuilder();
    y.append("costfleet:\n  api:\n    token: ").append(token).append('\n')
        .append("  topology:\n    namespace: ").append(topology.namespace()).append('\n')
        .append("  redis:\n    key-prefix: \"").append(prefix).append("\"\n")
        .append("  schedules:\n    daily:\n      cron: \"off\"\n    month-end:\n      cron: \"off\"\n")
        .append("  providers:\n");
    String[][] providers = {{"aws", "cost-explorer"}, {"gcp", "bigquery"}, {"azure", "query"}};
    for (String[] p : providers) {
      y.append("    ").append(p[0]).append(":\n      accounts:\n");
      for (int i = 1; i <= ACCOUNTS; i++) {
        y.append("        \"").append(p[0]).append("-bench-").append(i).append("\":\n")
            .append("          business-unit: bu-").append(i % 5).append('\n')
            .append("          sources:\n            ").append(p[1]).append(": [usage]\n");
      }
    }
    Path file = Files.createTempFile("dispatcher-bench", ".yaml");
    Files.writeString(file, y.toString());
    return file;
  }

  private static void waitReady(HttpClient http, int port, Process p, Path log) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException("the dispatcher exited:\n" + Files.readString(log));
      }
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("not ready within 2 minutes:\n" + Files.readString(log));
  }

  private static double quarkusSeconds(Path log) throws IOException {
    Matcher m = STARTED.matcher(Files.readString(log, StandardCharsets.UTF_8));
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  /** User + system CPU time the process used so far ({@code /proc/<pid>/stat}, at 100 ticks per second). */
  private static double cpuSeconds(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
  }

  private static double rssMb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
      }
    }
    return Double.NaN;
  }

  /** Sum of {@code jvm_memory_used_bytes{area="heap"}} from the Prometheus endpoint. */
  private static double heapMb(HttpClient http, int port) throws Exception {
    String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    double bytes = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        bytes += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return bytes / (1024 * 1024);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void deleteTopology(Topology topology) throws Exception {
    try (Connection c = Amqp.connect(); Channel ch = c.createChannel()) {
      ch.queueDelete(topology.namespace() + ".dispatcher.events");
      ch.queueDelete(topology.namespace() + ".dlq.dispatcher");
      new TopologyDeclarer(topology).delete(ch);
    }
  }

  private static double median(List<Figures> all, java.util.function.ToDoubleFunction<Figures> f) {
    double[] v = all.stream().mapToDouble(f).sorted().toArray();
    return v.length == 0 ? Double.NaN : v[v.length / 2];
  }
}
