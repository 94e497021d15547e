package io.costfleet.importer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costfleet.model.CostRecord;
import io.costfleet.runner.JobManifest;
import io.costfleet.staging.ParquetRecordReader;
import io.costfleet.staging.ParquetRecordWriter;
import io.costfleet.staging.QuarantineWriter;
import io.costfleet.testing.Records;
import io.costfleet.testing.Samples;
import io.costfleet.validation.Violation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code costfleet import} through its main, on the FOCUS samples and on generated FOCUS exports. */
class ImportMainTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  record Run(int exit, String stdout, String stderr) {
    JsonNode summary() throws IOException {
      String[] lines = stdout.strip().split("\n");
      return JSON.readTree(lines[lines.length - 1]);
    }
  }

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = ImportMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Importer.discovered());
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void focusSamplesFolderEveryRowReadAndEveryRejectedRowQuarantinedWithItsReasons() throws Exception {
    Path samples = Samples.path("focus");
    Path out = tmp.resolve("out");

    Run r = run("--provider", "focus", "--out", out.toString(), samples.toString());

    assertThat(r.exit()).as(r.stderr()).isZero();
    // Independently: every data row of the FOCUS files (spec examples + the validator's samples that
    // have BilledCost or 3+ FOCUS columns), counted by commons-csv and DuckDB.
    List<Path> focusFiles = new ArrayList<>(csvFiles(samples.resolve("focus-spec-examples")));
    for (String s : List.of("all_pass_0.5.csv", "billedCostTest.csv", "fail_invoice_issuer.csv")) {
      focusFiles.add(samples.resolve("focus-validator/samples/" + s));
    }
    long expectedRows = 0;
    for (Path f : focusFiles) {
      expectedRows += csvRows(f);
    }
    expectedRows += parquetRows(samples.resolve("focus-validator/samples/sample.parquet"));
    assertThat(focusFiles).hasSize(29);
    assertThat(expectedRows).isEqualTo(89);

    JsonNode summary = r.summary();
    assertThat(summary.get("rows").asLong()).isEqualTo(expectedRows);
    // Only all_pass_0.5's two rows are a complete FOCUS (0.5) export: spec examples lack mandatory
    // columns or use M/D/YY dates, and the validator's other samples are negative tests. Its
    // providers "A" and "B" are staged under their own provider codes; BilledCost 0.1 + 1, AmortizedCost
    // 0.01 + 1, billed in USD.
    assertThat(summary.get("staged").asLong()).isEqualTo(2);
    assertThat(summary.get("quarantined").asLong()).isEqualTo(expectedRows - 2);
    assertThat(summary.get("totals").get("USD").get("BilledCost").asText()).isEqualTo("1.1");
    assertThat(summary.get("totals").get("USD").get("EffectiveCost").asText()).isEqualTo("1.01");
    assertThat(r.stdout().strip().split("\n")).hasSize(1);
    assertThat(out.resolve("staging/provider=a/billing_period=2023-06/account=a1/dataset=focus")).isDirectory();
    assertThat(out.resolve("staging/provider=b/billing_period=2023-06/account=a2/dataset=focus")).isDirectory();

    Map<String, List<QuarantineWriter.Entry>> quarantined = quarantine(out);
    assertThat(quarantined.values().stream().mapToLong(List::size).sum()).isEqualTo(expectedRows - 2);
    assertThat(entriesOf(quarantined, "all_pass_0.5.csv")).isEmpty();
    assertThat(entriesOf(quarantined, "commitment_discount_usage_scenario_1.csv")).singleElement().satisfies(e -> {
      assertThat(e.position()).isEqualTo("commitment_discount_usage_scenario_1.csv:2");
      assertThat(e.violations()).filteredOn(v -> v.code().equals("ColumnMissing")).extracting(Violation::field)
          .contains("BillingAccountId", "ServiceName", "ProviderName");
    });
    assertThat(entriesOf(quarantined, "sample.parquet")).hasSize(2);
    assertThat(r.stderr()).contains("skipped " + samples.resolve("focus-converters-rules/aws.csv"));
  }

  @Test
  void focusParquetAndCsvExportsAreStagedPerPartitionWithExactTotalsAndReimportedWithoutDuplicates()
      throws Exception {
    List<CostRecord> records = generated(1_200);
    Path parquet = tmp.resolve("export/focus-2026-10.parquet");
    Files.createDirectories(parquet.getParent());
    ParquetRecordWriter.writeAtomically(parquet, records, Map.of());
    Path csv = tmp.resolve("csv/focus-2026-10.csv");
    Files.createDirectories(csv.getParent());
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("COPY (SELECT * FROM read_parquet('" + parquet + "')) TO '" + csv + "' (HEADER, DELIMITER ',')");
    }
    Map<String, BigDecimal[]> expected = new TreeMap<>();
    for (CostRecord rec : records) {
      BigDecimal[] t = expected.computeIfAbsent(rec.billingCurrency(), k -> new BigDecimal[] {BigDecimal.ZERO,
          BigDecimal.ZERO});
      t[0] = t[0].add(rec.billedCost());
      t[1] = t[1].add(rec.effectiveCost());
    }

    for (Path input : List.of(parquet, csv)) {
      Path out = tmp.resolve("out-" + input.getFileName());
      Run r = run("--provider", "focus", "--out", out.toString(), "--page-size", "200", input.toString());
      assertThat(r.exit()).as(r.stderr()).isZero();
      JsonNode summary = r.summary();
      assertThat(summary.get("rows").asLong()).as(input.toString()).isEqualTo(1_200);
      assertThat(summary.get("staged").asLong()).as(() -> input + " " + quarantineText(out)).isEqualTo(1_200);
      assertThat(summary.get("quarantined").asLong()).isZero();
      assertThat(summary.get("totals").size()).isEqualTo(expected.size());
      expected.forEach((currency, t) -> {
        JsonNode got = summary.get("totals").get(currency);
        assertThat(got.get("BilledCost").asText()).as(currency).isEqualTo(t[0].stripTrailingZeros().toPlainString());
        assertThat(got.get("EffectiveCost").asText()).isEqualTo(t[1].stripTrailingZeros().toPlainString());
      });

      // two periods x two accounts, each a complete job (manifest) of pages of at most 200 rows
      Path partition = out.resolve("staging/provider=aws/billing_period=2026-10/account=111111111111/dataset=focus");
      assertThat(out.resolve("staging/provider=aws")).isDirectory();
      try (Stream<Path> jobs = Files.list(partition)) {
        Path job = jobs.findFirst().orElseThrow();
        JobManifest m = JobManifest.read(job.resolve("_SUCCESS.json")).orElseThrow();
        assertThat(m.rows()).isEqualTo(300);
        assertThat(m.pages()).isEqualTo(2);
        assertThat(m.part()).isEqualTo(input.toAbsolutePath().toString());
        assertThat(m.source()).isEqualTo("focus");
      }
      assertThat(stagedRows(out)).isEqualTo(1_200);

      Run again = run("--provider", "focus", "--out", out.toString(), "--page-size", "200", "-q", input.toString());
      assertThat(again.exit()).isZero();
      assertThat(again.summary()).isEqualTo(summary);
      assertThat(again.stderr()).isEmpty();
      assertThat(stagedRows(out)).as("re-import overwrites, never duplicates").isEqualTo(1_200);
      List<CostRecord> back = new ParquetRecordReader().readAll(out.resolve("staging/**/*.parquet"));
      assertThat(back.stream().map(CostRecord::billedCost).reduce(BigDecimal.ZERO, BigDecimal::add))
          .isEqualByComparingTo(records.stream().map(CostRecord::billedCost).reduce(BigDecimal.ZERO, BigDecimal::add));
    }
  }

  @Test
  void malformedRowsAreQuarantinedInTheirNeighboursPartitionAndTheRestIsStaged() throws Exception {
    Path csv = tmp.resolve("in/focus.csv");
    Files.createDirectories(csv.getParent());
    String header = "BilledCost,EffectiveCost,ListCost,ContractedCost,PricingQuantity,PricingUnit,BillingPeriodStart,"
        + "BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,BillingAccountId,BillingAccountName,BillingCurrency,"
        + "ChargeCategory,ChargeClass,ChargeDescription,InvoiceIssuerName,ProviderName,PublisherName,ServiceCategory,"
        + "ServiceName\n";
    String row = ",1.5,2,2,1,Hours,2026-10-01T00:00:00Z,2026-11-01T00:00:00Z,2026-10-02T00:00:00Z,"
        + "2026-10-03T00:00:00Z,acct-1,Payer,EUR,Usage,,vm,Microsoft,Microsoft,Microsoft,Compute,Virtual Machines\n";
    Files.writeString(csv, header + "12.345" + row + "not-a-number" + row + "0.005" + row
        + "1" + row.replace(",EUR,", ",EURO,"));

    Run r = run("--provider", "focus", "--out", tmp.resolve("out").toString(), csv.toString());

    assertThat(r.exit()).as(r.stderr()).isZero();
    JsonNode s = r.summary();
    assertThat(s.get("rows").asLong()).isEqualTo(4);
    assertThat(s.get("staged").asLong()).isEqualTo(2);
    assertThat(s.get("quarantined").asLong()).isEqualTo(2);
    assertThat(s.get("totals").get("EUR").get("BilledCost").asText()).isEqualTo("12.35");
    assertThat(s.get("totals").get("EUR").get("EffectiveCost").asText()).isEqualTo("3");
    Map<String, List<QuarantineWriter.Entry>> q = quarantine(tmp.resolve("out"));
    assertThat(q.keySet()).singleElement().asString()
        .contains("quarantine/provider=azure/billing_period=2026-10/account=acct-1/dataset=focus/job=azure-");
    assertThat(q.values().iterator().next()).extracting(QuarantineWriter.Entry::position)
        .containsExactly("focus.csv:3", "focus.csv:5");
    assertThat(q.values().iterator().next().get(0).raw()).startsWith("not-a-number,1.5,");
  }

  @Test
  void anUnknownFormatOrAnUnreadableFileExitsNonZeroWithAOneLineReason() throws Exception {
    Path notes = tmp.resolve("notes.txt");
    Files.writeString(notes, "hello\n");
    Run unknown = run("--provider", "focus", "--out", tmp.resolve("o1").toString(), notes.toString());
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.stdout()).isEmpty();
    assertThat(unknown.stderr()).isEqualTo("costfleet import: unknown format: " + notes
        + " is not a focus export (formats tried: focus/focus)\n");

    Run missing = run("--provider", "focus", "--out", tmp.resolve("o2").toString(), tmp.resolve("nope.csv").toString());
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.stderr()).isEqualTo("costfleet import: cannot read " + tmp.resolve("nope.csv")
        + ": no such file or directory\n");

    Run noFormat = run("--provider", "gcp", "--source", "nothing", "--out", tmp.resolve("o3").toString(),
        notes.toString());
    assertThat(noFormat.exit()).isEqualTo(1);
    assertThat(noFormat.stderr()).startsWith("costfleet import: unknown format: no gcp 'nothing' export format")
        .hasLineCount(1);

    Path gz = tmp.resolve("truncated.csv.gz");
    StringBuilder body = new StringBuilder("BilledCost,BillingCurrency,ProviderName\n");
    for (int i = 0; i < 20_000; i++) {
      body.append(i).append(".25,USD,AWS\n");
    }
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
      o.write(body.toString().getBytes(StandardCharsets.UTF_8));
    }
    byte[] whole = Files.readAllBytes(gz);
    Files.write(gz, java.util.Arrays.copyOf(whole, whole.length / 2));
    Run truncated = run("--provider", "focus", "--out", tmp.resolve("o4").toString(), gz.toString());
    assertThat(truncated.exit()).isEqualTo(1);
    assertThat(truncated.stdout()).isEmpty();
    assertThat(truncated.stderr()).startsWith("costfleet import: " + gz + ": ").hasLineCount(1);

    Run usage = run("--provider", "oracle", "--out", "x", "y");
    assertThat(usage.exit()).isEqualTo(2);
    assertThat(usage.stderr()).startsWith("costfleet import: unknown provider 'oracle' (known: aws, gcp, azure, focus)");
  }

  /** FOCUS records: two periods x two accounts, USD and EUR, amounts with up to 10 decimals. */
  private static List<CostRecord> generated(int n) {
    List<CostRecord> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      boolean october = i % 2 == 0;
      String period = october ? "2026-10" : "2026-09";
      Instant start = Instant.parse(period + "-01T00:00:00Z");
      Instant end = Instant.parse((october ? "2026-11" : "2026-10") + "-01T00:00:00Z");
      out.add(Records.valid()
          .billedCost(new BigDecimal(i + "." + String.format("%010d", (i * 7_919L) % 10_000_000_000L)))
          .effectiveCost(new BigDecimal((i % 97) + ".125"))
          .billingCurrency(i % 5 == 0 ? "EUR" : "USD")
          .billingAccountId(i % 4 < 2 ? "111111111111" : "222222222222")
          .billingPeriodStart(start).billingPeriodEnd(end)
          .chargePeriodStart(start.plusSeconds(3_600L * (i % 500))).chargePeriodEnd(start.plusSeconds(3_600L * (i % 500) + 3_600))
          .resourceId("i-" + i)
          .xSourceRecordHash(null).xSource(null).xDataset(null)
          .build());
    }
    return out;
  }

  private static List<Path> csvFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
    }
  }

  private static long csvRows(Path file) throws IOException {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
         CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
      return p.getRecords().size();
    }
  }

  private static long parquetRows(Path file) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT count(*) FROM read_parquet('" + file + "')")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long stagedRows(Path out) throws Exception {
    return parquetRows(out.resolve("staging/**/*.parquet"));
  }

  private static Map<String, List<QuarantineWriter.Entry>> quarantine(Path out) throws IOException {
    Map<String, List<QuarantineWriter.Entry>> found = new TreeMap<>();
    Path root = out.resolve("quarantine");
    if (!Files.isDirectory(root)) {
      return found;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path f : s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
        found.put(out.relativize(f).toString(), new QuarantineWriter().read(f));
      }
    }
    return found;
  }

  private static String quarantineText(Path out) {
    try {
      return quarantine(out).values().stream().flatMap(List::stream).limit(2).map(Object::toString).toList().toString();
    } catch (IOException e) {
      return e.toString();
    }
  }

  private static List<QuarantineWriter.Entry> entriesOf(Map<String, List<QuarantineWriter.Entry>> q, String file) {
    return q.values().stream().flatMap(List::stream).filter(e -> e.position().startsWith(file + ":")).toList();
  }
}
