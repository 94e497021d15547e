package io.costfleet.dispatcher.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.costfleet.dispatcher.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged dispatcher refuses to start on a bad budget and names its key. */
class QuotaConfigStartupIT {
  private static final Path APP = Path.of("target/quarkus-app/quarkus-run.jar");

  @Test
  void aBadThresholdFailsTheStartNamingItsKey() throws Exception {
    assertThat(APP).as("packaged dispatcher (mvn package)").exists();
    Path out = Files.createTempFile("dispatcher-quota-start", ".log");
    Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-Dquarkus.http.port=0", "-Dcostfleet.topology.namespace=cftest-neverdeclared",
        "-Dcostfleet.redis.key-prefix=cftest-neverdeclared:", "-Dcostfleet.api.token=" + TestConfigs.TOKEN,
        "-Dcostfleet.quota.local-cache=" + out.getParent().resolve("quota-startup-it.db"),
        "-Dcostfleet.budgets.cost-centers.payments.amount=100",
        "-Dcostfleet.budgets.cost-centers.payments.thresholds=spent:80", "-jar", APP.toString()))
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("stopped").isTrue();
    String output = Files.readString(out, StandardCharsets.UTF_8);
    Files.delete(out);
    assertThat(p.exitValue()).as(output).isNotZero();
    assertThat(output).contains("costfleet.budgets.cost-centers.payments.thresholds: 'spent:80': the kind must be"
        + " actual or forecast");
  }
}
