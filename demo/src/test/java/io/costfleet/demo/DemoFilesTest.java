package io.costfleet.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.costfleet.close.allocation.AllocationRules;
import io.costfleet.close.allocation.DriverRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files the demo writes and the figures it reads, without starting anything. */
class DemoFilesTest {
  @TempDir
  Path tmp;

  @Test
  void theAllocationRulesTheDemoWritesAreAcceptedByTheCloseEngine() throws Exception {
    List<Simulators.Sim> sims = List.of(
        new Simulators.Sim("aws", "http://x", List.of("111111111111", "222222222222", "333333333333"), Map.of(), null),
        new Simulators.Sim("gcp", "http://y", List.of("01A2B3-C4D5E6-F7A8B9"), Map.of(), null),
        new Simulators.Sim("azure", "https://z", List.of("75561916-c7a5-3bff-a0dd-d9e7d091a5c5"), Map.of(), null));
    Path file = Files.writeString(tmp.resolve("rules.yaml"), Fleet.rules(sims));

    AllocationRules rules = AllocationRules.load(file, DriverRegistry.builtins());

    assertThat(rules.version()).isEqualTo("demo-1");
    assertThat(Files.readString(file)).contains("billing_account: \"222222222222\"");
  }

  @Test
  void progressSumsTheWorkersPrometheusCounters() {
    String text = """
        # HELP costfleet_records_total records
        # TYPE costfleet_records_total counter
        costfleet_records_total{outcome="staged",provider="aws",source="cost-explorer"} 1112.0
        costfleet_records_total{outcome="quarantined",provider="aws",source="cost-explorer"} 4.0
        costfleet_records_total{outcome="staged",provider="aws",source="cur"} 10.0
        costfleet_throttles_total{provider="aws",scope="ce"} 3.0
        costfleet_jobs_total{outcome="retried",provider="aws"} 2.0
        costfleet_jobs_total{outcome="completed",provider="aws"} 3.0
        """;
    var period = Http.JSON.createObjectNode().put("status", "closing");
    period.putObject("jobs").put("unpublished", 0).put("pending", 1).put("running", 2).put("done", 5).put("failed", 0);

    FleetProgress p = FleetProgress.of(period, Map.of("aws", text, "gcp", ""));

    assertThat(p).isEqualTo(new FleetProgress("closing", 8, 5, 2, 1, 0, 1122, 4, 3, 2));
    assertThat(p.line(42, "azure DOWN")).isEqualTo("[ 42s] jobs 5/8 done, 2 running, 1 waiting | records 1,122 staged, "
        + "4 quarantined | throttled calls 3 | job retries 2 | period closing | azure DOWN");
  }
}
