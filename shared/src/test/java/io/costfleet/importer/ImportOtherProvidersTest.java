package io.costfleet.importer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.costfleet.close.CloseOptions;
import io.costfleet.close.CloseResult;
import io.costfleet.close.CloseSummary;
import io.costfleet.close.PeriodClose;
import io.costfleet.model.CostRecord;
import io.costfleet.runner.JobManifest;
import io.costfleet.staging.ParquetRecordReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's "any FOCUS export from any provider": rows of Oracle Cloud Infrastructure and of a SaaS
 * vendor are staged under their own provider partitions, totalled in the summary line, and read by a
 * close of the imported root.
 */
class ImportOtherProvidersTest {
  private static final String HEADER = "BilledCost,EffectiveCost,ListCost,ContractedCost,PricingQuantity,PricingUnit,"
      + "BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BillingAccountId,BillingAccountName,"
      + "BillingCurrency,ChargeCategory,ChargeClass,ChargeDescription,InvoiceIssuerName,ProviderName,PublisherName,"
      + "ServiceCategory,ServiceName,ResourceId,Tags\n";
  private static final String RULES = """
      version: "2026.10-1"
      cost_centers:
        cc-web: digital
        cc-obs: platform
      tags:
        - name: tag-cost-center
          key: cost_center
      hierarchy:
        - name: datadog-observability
          match: { provider: datadog }
          cost_center: cc-obs
      """;

  @TempDir
  Path tmp;

  /** One FOCUS 1.2 row of October 2026; {@code tags} is the JSON object (or empty). */
  private static String row(String billed, String effective, String day, String account, String provider,
      String service, String resource, String tags) {
    return billed + "," + effective + "," + billed + "," + billed + ",1,Hours,2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,"
        + "2026-10-" + day + "T00:00:00Z,2026-10-" + day + "T01:00:00Z," + account + ",Payer,USD,Usage,,"
        + service + " usage," + provider + "," + provider + "," + provider + ",Compute," + service + "," + resource + ","
        + (tags.isEmpty() ? "" : "\"" + tags.replace("\"", "\"\"") + "\"") + "\n";
  }

  @Test
  void ociAndSaasRowsAreStagedUnderTheirOwnProviderAndTheCloseReadsThem() throws Exception {
    Path csv = tmp.resolve("exports/focus-2026-10.csv");
    Files.createDirectories(csv.getParent());
    String oci = "Oracle Cloud Infrastructure";
    Files.writeString(csv, HEADER
        + row("12.345678", "11.000001", "02", "ocid1.tenancy.oc1..aaaa", oci, "Compute", "vm-1",
            "{\"cost_center\":\"cc-web\"}")
        + row("0.004", "0.004", "03", "ocid1.tenancy.oc1..aaaa", oci, "Object Storage", "bucket-1",
            "{\"cost_center\":\"cc-web\"}")
        + row("7.50", "7.25", "04", "ocid1.tenancy.oc1..aaaa", oci, "Compute", "vm-2", "")
        + row("99.99", "95.00", "05", "dd-org-42", "Datadog", "Infrastructure Monitoring", "host-1", "")
        + row("0.01", "0.01", "06", "dd-org-42", "Datadog", "Log Management", "logs-1",
            "{\"cost_center\":\"cc-web\"}"));
    BigDecimal ociBilled = new BigDecimal("12.345678").add(new BigDecimal("0.004")).add(new BigDecimal("7.50"));
    BigDecimal ddBilled = new BigDecimal("99.99").add(new BigDecimal("0.01"));
    BigDecimal effective = Stream.of("11.000001", "0.004", "7.25", "95.00", "0.01").map(BigDecimal::new)
        .reduce(BigDecimal.ZERO, BigDecimal::add);
    Path out = tmp.resolve("out");

    ImportMainTest.Run r = ImportMainTest.run("--provider", "focus", "--out", out.toString(), "--page-size", "2",
        csv.toString());

    assertThat(r.exit()).as(r.stderr()).isZero();
    JsonNode s = r.summary();
    assertThat(s.get("rows").asLong()).isEqualTo(5);
    assertThat(s.get("staged").asLong()).isEqualTo(5);
    assertThat(s.get("quarantined").asLong()).isZero();
    assertThat(s.get("totals").get("USD").get("BilledCost").asText())
        .isEqualTo(ociBilled.add(ddBilled).stripTrailingZeros().toPlainString()).isEqualTo("119.849678");
    assertThat(s.get("totals").get("USD").get("EffectiveCost").asText())
        .isEqualTo(effective.stripTrailingZeros().toPlainString());

    Path ociPartition = out.resolve("staging/provider=oci/billing_period=2026-10/account=ocid1.tenancy.oc1..aaaa"
        + "/dataset=focus");
    Path ddPartition = out.resolve("staging/provider=datadog/billing_period=2026-10/account=dd-org-42/dataset=focus");
    Map<String, BigDecimal> staged = billedByProvider(out);
    assertThat(staged.keySet()).containsExactly("datadog", "oci");
    assertThat(staged.get("oci")).isEqualByComparingTo(ociBilled);
    assertThat(staged.get("datadog")).isEqualByComparingTo(ddBilled);
    try (Stream<Path> jobs = Files.list(ociPartition)) {
      Path job = jobs.collect(Collectors.toList()).get(0);
      assertThat(job.getFileName().toString()).startsWith("job=oci-");
      JobManifest m = JobManifest.read(job.resolve("_SUCCESS.json")).orElseThrow();
      assertThat(m.provider()).isEqualTo("oci");
      assertThat(m.rows()).isEqualTo(3);
      assertThat(m.pages()).isEqualTo(2);
      assertThat(m.part()).isEqualTo(csv.toAbsolutePath().toString());
    }
    assertThat(ddPartition).isDirectory();

    Path rules = tmp.resolve("rules.yaml");
    Files.writeString(rules, RULES);
    CloseResult closed = new PeriodClose().close(YearMonth.of(2026, 10), CloseOptions.of(out, rules));

    assertThat(closed).as(closed.toString()).isInstanceOf(CloseResult.Passed.class);
    CloseSummary summary = ((CloseResult.Passed) closed).summary();
    assertThat(summary.ignoredJobs()).isEmpty();
    assertThat(summary.duplicates()).extracting(d -> d.provider() + "/" + d.source() + ":" + d.kept())
        .containsExactlyInAnyOrder("oci/focus:3", "datadog/focus:2");
    assertThat(summary.billedTotal()).isEqualByComparingTo(ociBilled.add(ddBilled));
    assertThat(summary.effectiveTotal()).isEqualByComparingTo(effective);
    Map<String, BigDecimal> byCostCenter = new TreeMap<>();
    summary.costCenters().forEach(c -> byCostCenter.merge(c.costCenter(), c.billedCost(), BigDecimal::add));
    // tagged OCI and Datadog rows by their tag, the other Datadog row by the provider hierarchy rule,
    // the untagged OCI row unallocated
    assertThat(byCostCenter.get("cc-web")).isEqualByComparingTo("12.359678");
    assertThat(byCostCenter.get("cc-obs")).isEqualByComparingTo("99.99");
    assertThat(byCostCenter.get("unallocated")).isEqualByComparingTo("7.50");
    assertThat(byCostCenter).hasSize(3);
  }

  @Test
  void aRowWhoseProviderCannotNameAPartitionIsQuarantinedWithItsReason() throws Exception {
    Path csv = tmp.resolve("in/focus.csv");
    Files.createDirectories(csv.getParent());
    Files.writeString(csv, HEADER.replace(",Tags\n", ",Tags,x_Provider\n")
        + row("1.00", "1.00", "02", "acct-1", "Acme Cloud", "Compute", "vm-1", "").replace("\n", ",Acme Cloud\n")
        + row("2.00", "2.00", "02", "acct-1", "Acme Cloud", "Compute", "vm-2", "").replace("\n", ",acme-cloud\n"));

    ImportMainTest.Run r = ImportMainTest.run("--provider", "focus", "--out", tmp.resolve("out").toString(),
        csv.toString());

    assertThat(r.exit()).as(r.stderr()).isZero();
    assertThat(r.summary().get("staged").asLong()).isEqualTo(1);
    assertThat(r.summary().get("quarantined").asLong()).isEqualTo(1);
    assertThat(tmp.resolve("out/staging/provider=acme-cloud/billing_period=2026-10/account=acct-1/dataset=focus"))
        .isDirectory();
    try (Stream<Path> files = Files.walk(tmp.resolve("out/quarantine"))) {
      Path q = files.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow();
      assertThat(q.toString()).contains("provider=acme-cloud");
      assertThat(Files.readString(q)).contains("UnsupportedProvider", "'Acme Cloud' cannot name a staging partition",
          "focus.csv:2");
    }
  }

  private static Map<String, BigDecimal> billedByProvider(Path out) throws Exception {
    List<CostRecord> staged = new ParquetRecordReader().readAll(out.resolve("staging/**/*.parquet"));
    Map<String, BigDecimal> by = new TreeMap<>();
    staged.forEach(c -> by.merge(c.xProvider(), c.billedCost(), BigDecimal::add));
    return by;
  }
}
