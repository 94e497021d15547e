package io.costfleet.close;

import io.costfleet.close.CloseDatabase.KeptCount;
import io.costfleet.close.CloseDatabase.StagedCount;
import io.costfleet.close.allocation.AllocationRules;
import io.costfleet.close.allocation.Attribute;
import io.costfleet.close.allocation.RuleEvaluator;
import io.costfleet.close.allocation.RuleFileException;
import io.costfleet.close.allocation.SharedRule;
import io.costfleet.close.currency.RateTable;
import io.costfleet.close.reconcile.PipelineTotal;
import io.costfleet.close.reconcile.ProviderTotal;
import io.costfleet.close.reconcile.ProviderTotals;
import io.costfleet.close.reconcile.Reconciler;
import io.costfleet.close.reconcile.ReconciliationEntry;
import io.costfleet.close.reconcile.ReconciliationReport;
import io.costfleet.close.report.ChargebackParquetWriter;
import io.costfleet.close.report.ChargebackReport;
import io.costfleet.metrics.MetricNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a billing period: reads the period's staged Parquet (latest complete generation of each
 * slice), deduplicates by {@code x_SourceRecordHash}, reconciles with the providers' own totals,
 * allocates with the versioned rule file, and writes the chargeback dataset and the reports:
 *
 * <pre>
 * chargeback/billing_period=P/business_unit=BU/part-00000.parquet
 * reports/P/reconciliation.json   (always, once reconciliation ran)
 * reports/P/chargeback.html, chargeback.csv, close-summary.json   (passed closes only)
 * </pre>
 *
 * A close that fails publishes nothing else and names the partitions to re-extract. Closing the
 * same inputs with the same rules again gives byte-identical output. Thread-safe; one close per
 * period at a time is the caller's business (the dispatcher's period tracking).
 */
public final class PeriodClose {
  private static final Logger LOG = LoggerFactory.getLogger(PeriodClose.class);
  private final MeterRegistry meters;

  public PeriodClose(MeterRegistry meters) {
    this.meters = meters;
  }

  public PeriodClose() {
    this(new SimpleMeterRegistry());
  }

  public CloseResult close(YearMonth period, CloseOptions options) {
    long start = System.nanoTime();
    CloseResult result;
    try {
      result = run(period, options, start);
    } catch (IOException | SQLException e) {
      result = new CloseResult.Failed(period, List.of("close failed: " + e.getMessage()), List.of(), null, since(start));
    } catch (RuntimeException e) {
      LOG.error("close of {} failed unexpectedly", period, e);
      result = new CloseResult.Failed(period, List.of("close failed: " + e), List.of(), null, since(start));
    }
    Timer.builder(MetricNames.CLOSE_DURATION).tag("outcome", result instanceof CloseResult.Passed ? "passed" : "failed")
        .register(meters).record(result.duration());
    if (result instanceof CloseResult.Failed f) {
      LOG.warn("close of {} failed: {}", period, String.join("; ", f.reasons()));
    } else {
      LOG.info("close of {} passed in {} ms", period, result.duration().toMillis());
    }
    return result;
  }

  private CloseResult run(YearMonth period, CloseOptions o, long start) throws IOException, SQLException {
    AllocationRules rules;
    RateTable rates;
    try {
      rules = AllocationRules.load(o.rulesFile(), o.drivers());
    } catch (RuleFileException e) {
      return failed(period, start, "rule file rejected: " + e.getMessage());
    }
    try {
      rates = o.ratesFile() == null ? RateTable.identity(o.baseCurrency()) : RateTable.load(o.ratesFile());
    } catch (IllegalArgumentException e) {
      return failed(period, start, "rate table rejected: " + e.getMessage());
    }
    if (!rates.baseCurrency().equalsIgnoreCase(o.baseCurrency())) {
      return failed(period, start, "rate table converts to " + rates.baseCurrency() + " but the base currency is "
          + o.baseCurrency());
    }
    StagedInputs.Discovery found = StagedInputs.discover(o.layout(), period, o.manifests());
    if (found.selected().stream().allMatch(j -> j.pages().isEmpty())) {
      return failed(period, start, "nothing staged for " + period + " under " + o.layout().stagingRoot());
    }
    Set<String> chargeback = chargebackPartitions(found.selected(), o.datasetPreference(), period);
    Set<Attribute> attributes = EnumSet.of(Attribute.PROVIDER);
    attributes.addAll(rules.attributes());
    if (!o.accountBusinessUnits().isEmpty()) {
      attributes.add(Attribute.JOB_ACCOUNT);
    }

    Path work = o.workDir() != null ? Files.createDirectories(o.workDir()) : Files.createTempDirectory("costfleet-close-");
    try (CloseDatabase db = new CloseDatabase(o.threads(), o.memoryLimit(), work)) {
      Stopwatch watch = new Stopwatch(period, start);
      db.registerFiles(found.selected(), chargeback, period);
      watch.lap("discover staging and open DuckDB");
      List<StagedCount> staged = db.stagedCounts();
      watch.lap("count staged");
      List<String> stagingProblems = new ArrayList<>();
      List<String> problemPartitions = new ArrayList<>();
      checkMarkers(found.selected(), staged, period, stagingProblems, problemPartitions);
      db.dedupe(attributes);
      watch.lap("deduplicate");
      List<KeptCount> kept = db.keptCounts();
      List<PipelineTotal> pipeline = db.pipelineTotals();
      watch.lap("totals");

      List<ProviderTotal> truth = new ArrayList<>();
      List<String> sources = new ArrayList<>();
      for (ProviderTotals t : o.providerTotals()) {
        sources.add(t.describe());
        try {
          truth.addAll(t.totals(period));
        } catch (IOException e) {
          return failed(period, start, "cannot read provider totals from " + t.describe() + ": " + e.getMessage());
        }
      }
      ReconciliationReport recon = Reconciler.reconcile(period, o.tolerance(), pipeline, truth, sources, stagingProblems,
          problemPartitions, (p, a, d) -> StagedInputs.partitionPath(p, period, a, d));
      Path reports = o.layout().reportsDir(period);
      Path reconFile = reports.resolve("reconciliation.json");
      recon.write(reconFile);
      if (!recon.passed()) {
        List<String> reasons = new ArrayList<>(stagingProblems);
        recon.entries().stream().filter(ReconciliationEntry::failed).map(ReconciliationEntry::explanation)
            .forEach(reasons::add);
        return new CloseResult.Failed(period, reasons, recon.partitionsToReextract(), reconFile, since(start));
      }

      RuleEvaluator evaluator = new RuleEvaluator(rules, o.accountBusinessUnits());
      Set<String> perResource = new TreeSet<>();
      for (SharedRule r : rules.sharedRules()) {
        if (r.driver().perResource()) {
          perResource.add(r.name());
        }
      }
      db.place(attributes, evaluator::place, perResource::contains);
      watch.lap("place allocation keys");
      Allocator.Result allocated;
      try {
        List<CloseDatabase.PlacedLine> lines = db.placedLines(attributes);
        watch.lap("aggregate placed cost");
        allocated = Allocator.allocate(period, rules, evaluator, rates, lines);
        watch.lap("split shared pools");
      } catch (RateTable.MissingRateException e) {
        return failed(period, start, e.getMessage());
      }

      List<Path> files = ChargebackParquetWriter.write(o.layout(), period, allocated.rows());
      Path csv = reports.resolve("chargeback.csv");
      Path html = reports.resolve("chargeback.html");
      Path summaryFile = reports.resolve("close-summary.json");
      long stagedTotal = staged.stream().mapToLong(StagedCount::rows).sum();
      long keptTotal = kept.stream().mapToLong(KeptCount::rows).sum();
      ChargebackReport.writeCsv(csv, allocated.rows());
      ChargebackReport.writeHtml(html, new ChargebackReport.Context(period, rules.version(), rates.baseCurrency(),
          rules.unallocatedCostCenter(), recon.status() + (truth.isEmpty() ? " (no provider totals given)" : ""),
          stagedTotal, keptTotal), allocated.rows());
      Path root = o.layout().root();
      CloseSummary summary = new CloseSummary(period.toString(), rules.version(), rates.baseCurrency(), recon.status(),
          stagedTotal, keptTotal, duplicates(staged, kept), found.ignored(), normalize(allocated.billedTotal()),
          normalize(allocated.effectiveTotal()), costCenters(allocated.rows()), allocated.notes(),
          files.stream().map(f -> root.relativize(f).toString()).toList(),
          List.of(root.relativize(reconFile).toString(), root.relativize(html).toString(), root.relativize(csv).toString(),
              root.relativize(summaryFile).toString()));
      summary.write(summaryFile);
      watch.lap("write outputs");
      return new CloseResult.Passed(period, summary, since(start));
    } finally {
      if (o.workDir() == null) {
        deleteTree(work);
      }
    }
  }

  private static void checkMarkers(List<StagedJob> jobs, List<StagedCount> staged, YearMonth period, List<String> problems,
      List<String> partitions) {
    Map<String, Long> rowsByJob = new TreeMap<>();
    staged.forEach(c -> rowsByJob.merge(c.jobId(), c.rows(), Long::sum));
    for (StagedJob j : jobs) {
      if (j.marker() != null) {
        long actual = rowsByJob.getOrDefault(j.jobId(), 0L);
        if (actual != j.marker().rows()) {
          problems.add("job " + j.jobId() + " in " + j.partition(period) + " staged " + actual
              + " rows but its completion marker says " + j.marker().rows() + "; re-extract " + j.partition(period));
          partitions.add(j.partition(period));
        }
      }
    }
  }

  static Set<String> chargebackPartitions(List<StagedJob> jobs, List<String> preference, YearMonth period) {
    Map<String, Set<String>> datasets = new TreeMap<>();
    for (StagedJob j : jobs) {
      datasets.computeIfAbsent(j.provider() + "\u0000" + j.account(), k -> new TreeSet<>()).add(j.dataset());
    }
    Set<String> out = new TreeSet<>();
    datasets.forEach((k, present) -> {
      String chosen = preference.stream().filter(present::contains).findFirst().orElse(present.iterator().next());
      String[] pa = k.split("\u0000", 2);
      out.add(StagedInputs.partitionPath(pa[0], period, pa[1], chosen));
    });
    return out;
  }

  private static List<CloseSummary.SourceDuplicates> duplicates(List<StagedCount> staged, List<KeptCount> kept) {
    Map<String, long[]> by = new TreeMap<>();
    staged.forEach(c -> by.computeIfAbsent(c.provider() + "\u0000" + c.source(), k -> new long[2])[0] += c.rows());
    kept.forEach(c -> by.computeIfAbsent(c.provider() + "\u0000" + c.source(), k -> new long[2])[1] += c.rows());
    List<CloseSummary.SourceDuplicates> out = new ArrayList<>();
    by.forEach((k, v) -> {
      String[] ps = k.split("\u0000", 2);
      out.add(new CloseSummary.SourceDuplicates(ps[0], "null".equals(ps[1]) ? null : ps[1], v[0], v[1], v[0] - v[1]));
    });
    return out;
  }

  private static List<CloseSummary.CostCenterTotal> costCenters(List<ChargebackRow> rows) {
    Map<String, BigDecimal[]> by = new LinkedHashMap<>();
    for (ChargebackRow r : rows) {
      BigDecimal[] acc = by.computeIfAbsent(r.businessUnit() + "\u0000" + r.costCenter(),
          k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
      acc[0] = acc[0].add(r.billedCost());
      acc[1] = acc[1].add(r.effectiveCost());
    }
    List<CloseSummary.CostCenterTotal> out = new ArrayList<>();
    by.forEach((k, v) -> {
      String[] ps = k.split("\u0000", 2);
      out.add(new CloseSummary.CostCenterTotal(ps[0], ps[1], normalize(v[0]), normalize(v[1])));
    });
    return out;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Logs how long each stage of a close took. */
  private static final class Stopwatch {
    private final YearMonth period;
    private long last;

    Stopwatch(YearMonth period, long start) {
      this.period = period;
      this.last = start;
    }

    void lap(String stage) {
      long now = System.nanoTime();
      LOG.info("close of {}: {} took {} ms", period, stage, (now - last) / 1_000_000);
      last = now;
    }
  }

  /** Without trailing zeros past the cent: 230.000000000000000000 → 230.00, 1.005000 → 1.005. */
  static BigDecimal normalize(BigDecimal v) {
    BigDecimal s = v.stripTrailingZeros();
    return s.scale() < 2 ? s.setScale(2) : s;
  }

  private static CloseResult failed(YearMonth period, long start, String reason) {
    return new CloseResult.Failed(period, List.of(reason), List.of(), null, since(start));
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
