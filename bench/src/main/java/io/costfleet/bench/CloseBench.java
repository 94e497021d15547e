package io.costfleet.bench;

import io.costfleet.close.CloseOptions;
import io.costfleet.close.CloseResult;
import io.costfleet.close.PeriodClose;
import io.costfleet.job.Dataset;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Provider;
import io.costfleet.job.Window;
import io.costfleet.model.CostRecord;
import io.costfleet.model.DedupeKey;
import io.costfleet.runner.JobManifest;
import io.costfleet.staging.ParquetRecordWriter;
import io.costfleet.staging.PartitionKey;
import io.costfleet.staging.StagingLayout;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code ./costfleet bench close [--records N] [--dir DIR] [--threads T] [--memory SIZE]}: stages N
 * generated records for one period (3 providers, 24 billing accounts, 10,000 records a page, 2% of
 * them restated duplicates, 70% tagged with one of 200 cost centers, 50 sub-accounts mapped by
 * hierarchy, NAT gateways and support fees shared by drivers), then closes the period and prints the
 * close time and peak memory (JVM heap and process RSS, which includes DuckDB's native memory).
 * Generated staging is kept in DIR and reused when it already holds N records.
 */
final class CloseBench {
  static final YearMonth PERIOD = YearMonth.of(2026, 10);
  static final int PAGE = 10_000;

  private CloseBench() {}

  static void run(String[] args) throws Exception {
    long records = 10_000_000L;
    Path dir = Path.of("bench/target/bench-close");
    int threads = 2;
    String memory = "2GB";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--records" -> records = Long.parseLong(args[++i].replace("_", ""));
        case "--dir" -> dir = Path.of(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--memory" -> memory = args[++i];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path marker = dir.resolve("generated-" + records);
    if (!Files.exists(marker)) {
      deleteTree(dir);
      long t0 = System.nanoTime();
      generate(dir, records);
      Files.writeString(marker, "ok");
      System.out.printf("generated %,d staged records in %.1f s%n", records, (System.nanoTime() - t0) / 1e9);
    } else {
      System.out.printf("reusing %,d staged records in %s%n", records, dir);
    }
    Files.writeString(dir.resolve("rules.yaml"), rules());
    CloseOptions options = CloseOptions.of(dir, dir.resolve("rules.yaml")).withEngine(threads, memory, dir.resolve("spill"));
    long start = System.nanoTime();
    CloseResult result = new PeriodClose().close(PERIOD, options);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (result instanceof CloseResult.Failed f) {
      throw new IllegalStateException("close failed: " + f.reasons());
    }
    var s = ((CloseResult.Passed) result).summary();
    long heapPeak = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        heapPeak += p.getPeakUsage().getUsed();
      }
    }
    long rows = Files.readAllLines(dir.resolve("reports/" + PERIOD + "/chargeback.csv")).size() - 1;
    System.out.printf("close of %,d staged records (%,d kept, %,d duplicates dropped, %d cost centers, %,d chargeback "
            + "rows): %.1f s, %,.0f records/s%n", s.stagedRecords(), s.keptRecords(), s.duplicatesDropped(),
        s.costCenters().size(), rows, seconds, s.stagedRecords() / seconds);
    System.out.printf("peak memory: JVM heap %,d MB (sum of heap pool peaks, -Xmx %,d MB), process RSS %,d MB "
            + "(VmHWM, includes DuckDB; DuckDB memory_limit %s, threads %d)%n", heapPeak >> 20,
        Runtime.getRuntime().maxMemory() >> 20, rssPeakKb() >> 10, memory, threads);
    System.out.printf("floor: the close must finish; figures go to the README with this command%n");
  }

  static long rssPeakKb() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  static String rules() {
    StringBuilder sb = new StringBuilder("""
        version: bench-1
        tags:
          - name: tag-cost-center
            key: cost_center
          - name: tag-team
            key: team
        hierarchy:
        """);
    for (int i = 0; i < 50; i++) {
      sb.append("  - name: sub-").append(i).append("\n    match: { sub_account: \"sub-").append(i)
          .append("\" }\n    cost_center: cc-").append(i * 3 % 200).append('\n');
    }
    sb.append("""
        shared:
          - name: nat-gateways
            match: { usage_type: "*NatGateway*" }
            driver: compute-spend
          - name: support
            match: { service: "Support" }
            driver: fixed-weights
            weights: { cc-1: 1, cc-2: 1, cc-3: 2 }
          - name: untagged-storage
            match: { service_category: Storage }
            driver: usage-quantity
            unit: GB-Mo
        """);
    return sb.toString();
  }

  static void generate(Path dir, long records) throws Exception {
    StagingLayout layout = new StagingLayout(dir);
    String[] providers = {"aws", "gcp", "azure"};
    String[] categories = {"Compute", "Storage", "Databases", "Networking", "Analytics"};
    SplittableRandom rnd = new SplittableRandom(42);
    int accounts = 24;
    long perAccount = records / accounts;
    for (int a = 0; a < accounts; a++) {
      String provider = providers[a % 3];
      Provider p = Provider.of(provider);
      String account = provider + "-billing-" + a;
      long n = a == accounts - 1 ? records - perAccount * (accounts - 1) : perAccount;
      ExtractionJob job = ExtractionJob.of(p, "bench", account, PERIOD, Dataset.USAGE, Window.of(PERIOD), null, 9, 0,
          Instant.parse("2026-11-02T00:00:00Z"));
      PartitionKey partition = PartitionKey.of(job);
      int page = 0;
      long written = 0;
      while (written < n) {
        int size = (int) Math.min(PAGE, n - written);
        page++;
        long base = written;
        java.util.List<CostRecord> batch = new java.util.ArrayList<>(size);
        for (int i = 0; i < size; i++) {
          long id = base + i;
          // 2% of lines restate an earlier line of the same account (same key, later version)
          boolean restated = id > 1000 && rnd.nextInt(50) == 0;
          long lineId = restated ? id - 1 - rnd.nextInt(1000) : id;
          batch.add(record(p, account, lineId, restated ? "2" : "1", rnd, categories));
        }
        ParquetRecordWriter.writeAtomically(layout.stagingPage(partition, job.jobId(), page), batch, Map.of());
        written += size;
      }
      JobManifest.of(job, page, n, 0, false, null, Instant.parse("2026-11-02T01:00:00Z"))
          .write(layout.jobManifest(partition, job.jobId()));
    }
  }

  static CostRecord record(Provider p, String account, long lineId, String version, SplittableRandom rnd,
      String[] categories) {
    int resource = (int) (lineId % 50_000);
    int day = 1 + (int) (lineId % 31);
    Instant start = LocalDate.of(2026, 10, day).atStartOfDay().toInstant(ZoneOffset.UTC);
    String category = categories[resource % categories.length];
    String service = resource % 997 == 0 ? "Support" : category + " service " + (resource % 8);
    BigDecimal cost = BigDecimal.valueOf(1 + rnd.nextInt(500_000), 4);
    CostRecord.Builder b = CostRecord.builder()
        .billedCost(cost).effectiveCost(cost).listCost(cost).contractedCost(cost)
        .pricingQuantity(BigDecimal.ONE).pricingUnit("Hours").pricingCategory("Standard")
        .consumedQuantity(BigDecimal.valueOf(1 + resource % 10)).consumedUnit(category.equals("Storage") ? "GB-Mo" : "Hours")
        .billingPeriodStart(PERIOD.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC))
        .billingPeriodEnd(PERIOD.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC))
        .chargePeriodStart(start).chargePeriodEnd(start.plusSeconds(86_400))
        .billingAccountId(account).billingAccountName(account).billingCurrency("USD").chargeCategory("Usage")
        .chargeDescription("bench line").invoiceIssuerName(p.focusName()).providerName(p.focusName())
        .publisherName(p.focusName()).serviceCategory(category).serviceName(service)
        .subAccountId("sub-" + resource % 80).resourceId("res-" + resource).skuId("sku-" + resource % 300)
        .regionId("region-" + resource % 6)
        .xUsageType(resource % 101 == 0 ? "USE1-NatGateway-Hours" : "usage-" + resource % 40)
        .xProvider(p.code()).xSource("bench").xDataset("usage").xSourceVersion(version)
        .xSourceRecordHash(DedupeKey.ofLineItem(p.code(), account, null, Long.toString(lineId)).hash());
    if (resource % 10 < 7) {
      b.tag(resource % 2 == 0 ? "cost_center" : "Cost Center", "cc-" + resource % 200);
    }
    return b.build();
  }

  static void deleteTree(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return;
    }
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
