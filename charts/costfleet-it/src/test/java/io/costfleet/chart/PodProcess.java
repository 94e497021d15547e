package io.costfleet.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A packaged app started as its own process whose whole OS environment is a rendered pod's
 * environment, as the kubelet would start the container's entrypoint ({@code java -jar}).
 */
final class PodProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path stdout;
  private final Path stderr;
  final int port;

  private PodProcess(Process process, Path stdout, Path stderr, int port) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
    this.port = port;
  }

  /** A free local port for the app's HTTP server (the pod's 8080 is not free on a shared machine). */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static PodProcess start(Path jar, Map<String, String> env, int port, Path work) throws IOException {
    assertThat(jar).as("packaged app (mvn package of its module)").exists();
    Path out = work.resolve("stdout.log");
    Path err = work.resolve("stderr.log");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", jar.toString()).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    return new PodProcess(pb.start(), out, err, port);
  }

  /** Waits until the readiness path answers 200; fails with the app's output if it dies first. */
  void awaitReady(String path, Duration within) {
    await().atMost(within).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      assertThat(process.isAlive()).as("app running; stdout:%n%s%nstderr:%n%s", Files.readString(stdout),
          Files.readString(stderr)).isTrue();
      assertThat(status(path)).isEqualTo(200);
    });
  }

  int status(String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  String get(String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** SIGTERM, as the kubelet sends it; returns how long the app took to exit, failing past the grace period. */
  Duration terminate(int graceSeconds) throws InterruptedException {
    long start = System.nanoTime();
    process.destroy();
    assertThat(process.waitFor(graceSeconds, TimeUnit.SECONDS)).as("stopped within %d s", graceSeconds).isTrue();
    return Duration.ofNanos(System.nanoTime() - start);
  }

  /** Every non-blank stdout line parsed as JSON; fails listing the lines that are not. */
  List<JsonNode> jsonStdout() throws IOException {
    List<JsonNode> logs = new ArrayList<>();
    List<String> notJson = new ArrayList<>();
    for (String line : Files.readAllLines(stdout)) {
      if (line.isBlank()) {
        continue;
      }
      try {
        logs.add(JSON.readTree(line));
      } catch (IOException e) {
        notJson.add(line);
      }
    }
    assertThat(notJson).as("stdout lines that are not JSON").isEmpty();
    return logs;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Sum of the samples of a Prometheus series whose labels contain {@code label}. */
  static double sample(String metrics, String series, String label) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + "\\{([^}]*)\\} (\\S+)$").matcher(metrics);
    double sum = 0;
    while (m.find()) {
      if (m.group(1).contains(label)) {
        sum += Double.parseDouble(m.group(2));
      }
    }
    return sum;
  }

  /** Prometheus name of a Micrometer meter: counters get _total, timers _seconds_count (of _count/_sum/_max). */
  static String prometheusSeries(String meter, String kind) {
    String base = meter.replace('.', '_');
    return switch (kind) {
      case "counter" -> base + "_total";
      case "timer" -> base + "_seconds_count";
      default -> base;
    };
  }
}
