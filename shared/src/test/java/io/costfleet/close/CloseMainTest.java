package io.costfleet.close;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./costfleet close}: exit codes and what it prints. */
class CloseMainTest {
  @TempDir Path root;

  String run(int expectedExit, String... args) {
    PrintStream out = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      assertThat(CloseMain.run(args)).isEqualTo(expectedExit);
    } finally {
      System.setOut(out);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void closesAPeriodAndPrintsTheTotalsPerCostCenter() throws Exception {
    ThreeProviderPeriod.stage(root);
    String out = run(0, "2026-10", "--root", root.toString(), "--rules", root.resolve("rules.yaml").toString());
    assertThat(out).contains("close 2026-10 passed", "billed 445.11, effective 435.11 USD")
        .containsPattern("digital\\s+cc-web\\s+224.49").contains("wrote reports/2026-10/chargeback.html");
  }

  @Test
  void aFailedCloseExitsOneAndNamesWhatToReextract() throws Exception {
    ThreeProviderPeriod.stage(root);
    java.nio.file.Files.writeString(root.resolve("truth.json"), """
        {"entries":[{"provider":"gcp","account":"billing-1","period":"2026-10","dataset":"usage","currency":"USD",
          "billedCost":120.00,"effectiveCost":120.00,"records":2,"malformed":0}]}
        """);
    String out = run(1, "2026-10", "--root", root.toString(), "--rules", root.resolve("rules.yaml").toString(),
        "--truth", root.resolve("truth.json").toString());
    assertThat(out).contains("close 2026-10 FAILED", "re-extract provider=gcp/billing_period=2026-10/account=billing-1/dataset=usage",
        "reconciliation.json");
  }

  @Test
  void usageErrorsExitTwo() {
    run(2, "October");
    run(2, "2026-10", "--bogus");
    run(2);
  }
}
