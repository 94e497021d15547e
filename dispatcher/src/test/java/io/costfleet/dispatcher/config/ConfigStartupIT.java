package io.costfleet.dispatcher.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.costfleet.dispatcher.TestConfigs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged dispatcher refuses to start on a bad configuration and names the offending keys, before it
 * connects to anything (the namespace below is never declared).
 */
class ConfigStartupIT {
  private static final Path APP = Path.of("target/quarkus-app/quarkus-run.jar");

  private record Run(int exit, String output) {}

  private static Run start(String... properties) throws IOException, InterruptedException {
    assertThat(APP).as("packaged dispatcher (mvn package)").exists();
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-Dquarkus.http.port=0", "-Dcostfleet.topology.namespace=cftest-neverdeclared",
        "-Dcostfleet.redis.key-prefix=cftest-neverdeclared:"));
    for (String p : properties) {
      cmd.add("-D" + p);
    }
    cmd.add("-jar");
    cmd.add(APP.toString());
    Path out = Files.createTempFile("dispatcher-start", ".log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().remove("COSTFLEET_API_TOKEN");
    Process process = pb.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the dispatcher did not stop on a bad configuration:\n" + Files.readString(out));
    }
    String output = Files.readString(out, StandardCharsets.UTF_8);
    Files.delete(out);
    return new Run(process.exitValue(), output);
  }

  @Test
  void aMissingTokenAnUnknownDatasetAndABadScheduleFailTheStartNamingTheirKeys() throws Exception {
    Run run = start("costfleet.providers.aws.accounts.123456789012.sources.cost-explorer=usage,blended",
        "costfleet.schedules.month-end.cron=0 0 25 3 * ?");
    assertThat(run.exit()).isNotZero();
    assertThat(run.output()).contains("costfleet.api.token is required")
        .contains("costfleet.schedules.month-end.cron").contains("not a Quartz cron expression")
        .contains("costfleet.providers.aws.accounts.123456789012.sources.cost-explorer").contains("blended");
  }

  @Test
  void aCatalogMistakeFailsTheStartNamingTheKeyAndNeverPrintsTheToken() throws Exception {
    Run run = start("costfleet.api.token=" + TestConfigs.TOKEN,
        "costfleet.providers.oracle.accounts.a1.sources.billing=usage",
        "costfleet.providers.gcp.accounts.01A2B3-C4D5E6-F7G8H9.business-unit=retail");
    assertThat(run.exit()).isNotZero();
    assertThat(run.output()).contains("costfleet.providers.oracle: unknown provider 'oracle'")
        .contains("costfleet.providers.gcp.accounts.01A2B3-C4D5E6-F7G8H9.sources: at least one source")
        .doesNotContain(TestConfigs.TOKEN);
  }

  @Test
  void aRuleFileThatDoesNotParseFailsTheStartNamingItsLine() throws Exception {
    Path rules = Files.createTempFile("cftest-rules-", ".yaml");
    Files.writeString(rules, "version: \"1\"\nshared:\n  - name: x\n    match: {service: \"*\"}\n    driver: db-usage\n");
    try {
      Run run = start("costfleet.api.token=" + TestConfigs.TOKEN,
          "costfleet.providers.aws.accounts.123456789012.sources.cost-explorer=usage",
          "costfleet.close.rules-file=" + rules);
      assertThat(run.exit()).isNotZero();
      assertThat(run.output()).contains("costfleet.close.rules-file: " + rules.getFileName()
          + " line 5: unknown driver 'db-usage' (known: compute-spend, fixed-weights, usage-quantity)");
    } finally {
      Files.delete(rules);
    }
  }

  @Test
  void valuesOutOfRangeFailTheStartNamingEveryKeyAndATooShortTokenIsNotPrinted() throws Exception {
    Run run = start("costfleet.api.token=s3cr3t-short", "costfleet.rabbitmq.port=70000",
        "costfleet.enqueue.publish-attempts=0");
    assertThat(run.exit()).isNotZero();
    assertThat(run.output()).contains("costfleet.api.token").contains("at least 16 characters")
        .contains("costfleet.rabbitmq.port").contains("costfleet.enqueue.publish-attempts")
        .doesNotContain("s3cr3t-short");
  }
}
