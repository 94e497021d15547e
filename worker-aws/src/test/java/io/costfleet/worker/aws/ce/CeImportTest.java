package io.costfleet.worker.aws.ce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costfleet.importer.ImportMain;
import io.costfleet.importer.Importer;
import io.costfleet.runner.JobManifest;
import io.costfleet.staging.ParquetRecordReader;
import io.costfleet.model.CostRecord;
import io.costfleet.testing.Samples;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code costfleet import --provider aws} on the saved Cost Explorer responses of {@code shared/samples/aws-ce}. */
class CeImportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  private String[] run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = ImportMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Importer.discovered());
    return new String[] {Integer.toString(exit), out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8)};
  }

  @Test
  void awsCeSamplesFolderEveryGroupStagedPerMonthWithTheExactUnblendedTotal() throws Exception {
    Path samples = Samples.path("aws-ce");
    // Independently: every group's UnblendedCost.Amount, summed exactly, per month of its TimePeriod.
    Map<String, BigDecimal> perMonth = new TreeMap<>();
    int groups = 0;
    for (String f : List.of("aws-cli-docs/get-cost-and-usage_s3_by-service-and-tag.json",
        "cloudtoolbox/ResultsByTime_daily_by-service.json")) {
      JsonNode root = JSON.readTree(samples.resolve(f).toFile());
      for (JsonNode result : root.isArray() ? root : root.get("ResultsByTime")) {
        String month = result.get("TimePeriod").get("Start").asText().substring(0, 7);
        for (JsonNode g : result.get("Groups")) {
          groups++;
          perMonth.merge(month, new BigDecimal(g.get("Metrics").get("UnblendedCost").get("Amount").asText()),
              BigDecimal::add);
        }
      }
    }
    BigDecimal total = perMonth.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    Path out = tmp.resolve("out");

    String[] r = run("--provider", "aws", "--source", "cost-explorer", "--account", "123456789012", "--out",
        out.toString(), samples.toString());

    assertThat(r[0]).as(r[2]).isEqualTo("0");
    String[] lines = r[1].strip().split("\n");
    JsonNode summary = JSON.readTree(lines[lines.length - 1]);
    assertThat(groups).isEqualTo(947);
    assertThat(summary.get("rows").asLong()).isEqualTo(groups);
    assertThat(summary.get("staged").asLong()).isEqualTo(groups);
    assertThat(summary.get("quarantined").asLong()).isZero();
    assertThat(summary.get("totals").size()).isEqualTo(1);
    // No amortized metric in these responses: EffectiveCost is the unblended cost (CeNormalizer).
    assertThat(summary.get("totals").get("USD").get("BilledCost").asText())
        .isEqualTo(total.stripTrailingZeros().toPlainString());
    assertThat(summary.get("totals").get("USD").get("EffectiveCost").asText())
        .isEqualTo(total.stripTrailingZeros().toPlainString());
    assertThat(r[2]).contains("skipped " + samples.resolve("SOURCES.md"));

    for (Map.Entry<String, BigDecimal> month : perMonth.entrySet()) {
      Path partition = out.resolve("staging/provider=aws/billing_period=" + month.getKey()
          + "/account=123456789012/dataset=usage");
      try (Stream<Path> jobs = Files.list(partition)) {
        Path job = jobs.findFirst().orElseThrow();
        JobManifest m = JobManifest.read(job.resolve("_SUCCESS.json")).orElseThrow();
        assertThat(m.source()).isEqualTo("cost-explorer");
        List<CostRecord> staged = new ParquetRecordReader().readAll(job.resolve("*.parquet"));
        assertThat(staged).hasSize((int) m.rows());
        assertThat(staged.stream().map(CostRecord::billedCost).reduce(BigDecimal.ZERO, BigDecimal::add))
            .as(month.getKey()).isEqualByComparingTo(month.getValue());
        assertThat(staged).allSatisfy(rec -> {
          assertThat(rec.billingAccountId()).isEqualTo("123456789012");
          assertThat(rec.billingPeriodStart().toString()).startsWith(month.getKey() + "-01T00:00:00Z");
          assertThat(rec.xIngestionJobId()).isEqualTo(m.jobId());
        });
      }
    }
  }

  @Test
  void aResponseWithAMalformedGroupQuarantinesItAndStagesTheOthers() throws Exception {
    Path file = tmp.resolve("ce.json");
    Files.writeString(file, """
        {"GroupDefinitions":[{"Type":"DIMENSION","Key":"SERVICE"}],
         "ResultsByTime":[{"TimePeriod":{"Start":"2026-10-01","End":"2026-10-02"},"Estimated":false,"Total":{},
           "Groups":[{"Keys":["Amazon EC2"],"Metrics":{"UnblendedCost":{"Amount":"10.123456789","Unit":"USD"},
                                                    "NetAmortizedCost":{"Amount":"9.5","Unit":"USD"}}},
                     {"Keys":["Amazon S3"],"Metrics":{"UnblendedCost":{"Amount":"oops","Unit":"USD"}}},
                     {"Keys":["Tax"],"Metrics":{"UnblendedCost":{"Amount":"1.01","Unit":"USD"}}}]}]}
        """);

    String[] r = run("--provider", "aws", "--out", tmp.resolve("out").toString(), file.toString());

    assertThat(r[0]).as(r[2]).isEqualTo("0");
    JsonNode s = JSON.readTree(r[1].strip());
    assertThat(s.get("rows").asLong()).isEqualTo(3);
    assertThat(s.get("staged").asLong()).isEqualTo(2);
    assertThat(s.get("quarantined").asLong()).isEqualTo(1);
    assertThat(s.get("totals").get("USD").get("BilledCost").asText()).isEqualTo("11.133456789");
    assertThat(s.get("totals").get("USD").get("EffectiveCost").asText()).isEqualTo("10.51");
    Path q = tmp.resolve("out/quarantine/provider=aws/billing_period=2026-10/account=unknown/dataset=usage");
    try (Stream<Path> files = Files.walk(q)) {
      Path jsonl = files.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow();
      assertThat(Files.readString(jsonl)).contains("\"position\":\"ce.json: page 1 result 2026-10-01 group 2\"")
          .contains("BilledCost").contains("oops");
    }
  }
}
