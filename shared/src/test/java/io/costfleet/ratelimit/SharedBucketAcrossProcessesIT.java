package io.costfleet.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.costfleet.testing.RedisNamespace;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two JVMs with 4 threads each share one bucket of R permits/s for 10 s: together they take between
 * 0.95·R·10 and R·10 + burst permits, never more.
 */
class SharedBucketAcrossProcessesIT {
  private static final int RATE = 50;
  private static final int BURST = 10;
  private static final int THREADS = 4;
  private static final long DURATION_MS = 10_000;

  private RedisNamespace ns;
  private Process second;

  @BeforeEach
  void namespace() {
    ns = RedisNamespace.create();
  }

  @AfterEach
  void clean() {
    if (second != null && second.isAlive()) {
      second.destroyForcibly();
    }
    ns.close();
  }

  @Test
  void twoProcessesSharingOneBucketNeverTakeMoreThanRateTimesDurationPlusBurst() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    second = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
        SharedBucketLoad.class.getName(), ns.config().host(), Integer.toString(ns.config().port()), ns.prefix(),
        Integer.toString(RATE), Integer.toString(BURST), Integer.toString(THREADS), Long.toString(DURATION_MS))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(second.getInputStream(), StandardCharsets.UTF_8));
    assertThat(out.readLine()).as("second JVM connected").isEqualTo("READY");

    long start = System.currentTimeMillis() + 500;
    try (Writer in = new OutputStreamWriter(second.getOutputStream(), StandardCharsets.UTF_8)) {
      in.write(start + "\n");
    }
    RedisRateLimiter limiter = new RedisRateLimiter(ns.connect(), RateLimits.of(new RateLimitConfig(RATE, BURST)));
    long takenHere = SharedBucketLoad.run(limiter, "sim", "shared", THREADS, start, start + DURATION_MS);

    assertThat(second.waitFor(30, TimeUnit.SECONDS)).as("second JVM finished").isTrue();
    String result = out.readLine();
    assertThat(result).startsWith("TAKEN ");
    long takenThere = Long.parseLong(result.substring("TAKEN ".length()));
    assertThat(second.exitValue()).isZero();

    long total = takenHere + takenThere;
    double seconds = DURATION_MS / 1000.0;
    System.out.printf("shared bucket: %d here + %d in the second JVM = %d permits in %.0f s (R=%d/s, burst=%d)%n",
        takenHere, takenThere, total, seconds, RATE, BURST);
    assertThat(takenHere).as("both processes took permits").isPositive();
    assertThat(takenThere).as("both processes took permits").isPositive();
    assertThat(total).isBetween((long) Math.ceil(0.95 * RATE * seconds), (long) (RATE * seconds) + BURST);
  }
}
