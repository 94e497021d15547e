package io.costfleet.close;

import io.costfleet.close.reconcile.GroundTruthTotals;
import io.costfleet.close.reconcile.ProviderTotals;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ./costfleet close-local <YYYY-MM> [options]}: closes one period here (no dispatcher) and prints
 * the outcome. Exit code 0 when the close passed, 1 when it failed (reasons and partitions to
 * re-extract printed), 2 on a usage error.
 */
public final class CloseMain {
  static final String USAGE = """
      usage: ./costfleet close-local <YYYY-MM> [options]
        --root DIR          storage root holding staging/ (env COSTFLEET_ROOT, default ./data)
        --rules FILE        allocation rule file (env COSTFLEET_RULES, default <root>/allocation-rules.yaml)
        --rates FILE        rate table CSV (env COSTFLEET_RATES; default: every cost must be in the base currency)
        --base CUR          base currency (default USD)
        --truth URL|FILE    provider totals: a simulator base URL (reads /_sim/truth) or a GroundTruth JSON file; repeatable
        --tolerance RATIO   reconciliation tolerance (default 0.001 = 0.1%)
        --datasets LIST     dataset preference for chargeback (default focus,amortized,usage)
        --accept-unmarked   in partitions where no job wrote a completion manifest, read every job directory
        --threads N         DuckDB threads (default 2)
        --memory SIZE       DuckDB memory limit before spilling (default 2GB)
      """;

  private CloseMain() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  static int run(String[] args) {
    if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
      System.out.print(USAGE);
      return args.length == 0 ? 2 : 0;
    }
    YearMonth period;
    try {
      period = YearMonth.parse(args[0]);
    } catch (DateTimeParseException e) {
      System.err.println("costfleet close: '" + args[0] + "' is not a period (YYYY-MM)\n" + USAGE);
      return 2;
    }
    String root = env("COSTFLEET_ROOT", "data");
    String rules = System.getenv("COSTFLEET_RULES");
    String rates = System.getenv("COSTFLEET_RATES");
    String base = "USD";
    BigDecimal tolerance = null;
    List<String> datasets = null;
    List<ProviderTotals> truth = new ArrayList<>();
    ManifestPolicy policy = ManifestPolicy.REQUIRE;
    int threads = 2;
    String memory = "2GB";
    try {
      for (int i = 1; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--root" -> root = args[++i];
          case "--rules" -> rules = args[++i];
          case "--rates" -> rates = args[++i];
          case "--base" -> base = args[++i];
          case "--truth" -> {
            String t = args[++i];
            truth.add(t.startsWith("http://") || t.startsWith("https://") ? GroundTruthTotals.fromSimulator(URI.create(t))
                : GroundTruthTotals.fromFile(Path.of(t)));
          }
          case "--tolerance" -> tolerance = new BigDecimal(args[++i]);
          case "--datasets" -> datasets = Arrays.asList(args[++i].split(","));
          case "--accept-unmarked" -> policy = ManifestPolicy.AUTO;
          case "--threads" -> threads = Integer.parseInt(args[++i]);
          case "--memory" -> memory = args[++i];
          default -> throw new IllegalArgumentException("unknown option '" + a + "'");
        }
      }
    } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
      System.err.println("costfleet close: " + (e instanceof ArrayIndexOutOfBoundsException ? "missing option value"
          : e.getMessage()) + "\n" + USAGE);
      return 2;
    }
    Path rootPath = Path.of(root);
    CloseOptions options = CloseOptions.of(rootPath, rules == null ? rootPath.resolve("allocation-rules.yaml") : Path.of(rules))
        .withRates(rates == null ? null : Path.of(rates)).withBaseCurrency(base).withProviderTotals(truth)
        .withTolerance(tolerance).withDatasetPreference(datasets).withManifests(policy).withEngine(threads, memory, null);
    CloseResult result = new PeriodClose().close(period, options);
    if (result instanceof CloseResult.Passed p) {
      CloseSummary s = p.summary();
      System.out.printf("close %s passed in %d ms: %d records (%d duplicates dropped), billed %s, effective %s %s%n",
          period, p.duration().toMillis(), s.keptRecords(), s.duplicatesDropped(), s.billedTotal().toPlainString(),
          s.effectiveTotal().toPlainString(), s.baseCurrency());
      for (CloseSummary.CostCenterTotal c : s.costCenters()) {
        System.out.printf("  %-24s %-24s %20s%n", c.businessUnit(), c.costCenter(),
            c.effectiveCost().setScale(2, java.math.RoundingMode.HALF_UP).toPlainString());
      }
      s.reports().forEach(r -> System.out.println("  wrote " + r));
      return 0;
    }
    CloseResult.Failed f = (CloseResult.Failed) result;
    System.out.println("close " + period + " FAILED");
    f.reasons().forEach(r -> System.out.println("  " + r));
    f.partitionsToReextract().forEach(p -> System.out.println("  re-extract " + p));
    if (f.reconciliationReport() != null) {
      System.out.println("  see " + f.reconciliationReport());
    }
    return 1;
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
