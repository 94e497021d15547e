package io.costfleet.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints what the close wrote ({@code reports/<period>/close-summary.json} and
 * {@code reconciliation.json}): the chargeback per business unit and cost center, the reconciliation
 * verdict, and where the HTML report is.
 */
final class ChargebackSummary {
  private final DemoSettings settings;
  private final PrintStream out;

  ChargebackSummary(DemoSettings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
  }

  /** Prints the summary; returns whether the reconciliation passed. */
  boolean print(FleetProgress fleet, long elapsedSeconds) throws IOException {
    Path reports = settings.storageRoot().resolve("reports").resolve(settings.period().toString());
    JsonNode summary = Http.JSON.readTree(reports.resolve("close-summary.json").toFile());
    JsonNode recon = Http.JSON.readTree(reports.resolve("reconciliation.json").toFile());
    String currency = summary.path("baseCurrency").asText();

    Map<String, Map<String, BigDecimal[]>> byUnit = new TreeMap<>();
    for (JsonNode c : summary.path("costCenters")) {
      byUnit.computeIfAbsent(c.path("businessUnit").asText(), k -> new TreeMap<>())
          .put(c.path("costCenter").asText(), new BigDecimal[] {c.path("billedCost").decimalValue(),
              c.path("effectiveCost").decimalValue()});
    }
    out.printf(Locale.ROOT, "chargeback %s, %s (allocation rules %s): %,d records staged, %,d kept after "
            + "deduplication%n%n", summary.path("period").asText(), currency, summary.path("rulesVersion").asText(),
        summary.path("stagedRecords").asLong(), summary.path("keptRecords").asLong());
    out.printf(Locale.ROOT, "  %-18s %-16s %16s %16s%n", "business unit", "cost center", "billed", "effective");
    BigDecimal billedTotal = BigDecimal.ZERO;
    BigDecimal effectiveTotal = BigDecimal.ZERO;
    for (Map.Entry<String, Map<String, BigDecimal[]>> unit : byUnit.entrySet()) {
      BigDecimal billed = BigDecimal.ZERO;
      BigDecimal effective = BigDecimal.ZERO;
      for (BigDecimal[] v : unit.getValue().values()) {
        billed = billed.add(v[0]);
        effective = effective.add(v[1]);
      }
      out.printf(Locale.ROOT, "  %-18s %-16s %16s %16s%n", unit.getKey(), "", money(billed), money(effective));
      for (Map.Entry<String, BigDecimal[]> cc : unit.getValue().entrySet()) {
        out.printf(Locale.ROOT, "  %-18s   %-14s %16s %16s%n", "", cc.getKey(), money(cc.getValue()[0]),
            money(cc.getValue()[1]));
      }
      billedTotal = billedTotal.add(billed);
      effectiveTotal = effectiveTotal.add(effective);
    }
    out.printf(Locale.ROOT, "  %-18s %-16s %16s %16s%n%n", "total", "", money(billedTotal), money(effectiveTotal));

    int passed = 0;
    int compared = 0;
    BigDecimal worst = BigDecimal.ZERO;
    Map<String, Integer> perProvider = new TreeMap<>();
    for (JsonNode e : recon.path("entries")) {
      if (e.path("status").asText().equals("unverified")) {
        continue;
      }
      compared++;
      if (e.path("status").asText().equals("passed")) {
        passed++;
      }
      perProvider.merge(e.path("provider").asText(), 1, Integer::sum);
      BigDecimal ratio = e.path("billedGapRatio").decimalValue();
      worst = ratio.compareTo(worst) > 0 ? ratio : worst;
    }
    boolean ok = recon.path("status").asText().equals("passed");
    out.printf(Locale.ROOT, "reconciliation: %s — %d of %d provider totals (%s) within %s%% of the pipeline's "
            + "(largest gap %s%%)%n", ok ? "PASSED" : "FAILED", passed, compared, perProvider.toString()
            .replaceAll("[{}]", ""), recon.path("tolerance").decimalValue().movePointRight(2).stripTrailingZeros()
            .toPlainString(), worst.movePointRight(2).setScale(4, RoundingMode.HALF_UP).toPlainString());
    if (!ok) {
      recon.path("partitionsToReextract").forEach(p -> out.println("  re-extract " + p.asText()));
    }
    out.printf(Locale.ROOT, "faults survived: %d throttled calls, %d job retries (the Azure outage), %,d malformed "
        + "rows quarantined with their reasons under %s%n", fleet.throttles(), fleet.retries(), fleet.quarantined(),
        relative(settings.storageRoot().resolve("quarantine")));
    out.println("report: " + relative(reports.resolve("chargeback.html")));
    out.println("        (also chargeback.csv, reconciliation.json, close-summary.json; chargeback Parquet under "
        + relative(settings.storageRoot().resolve("chargeback")) + ")");
    out.printf(Locale.ROOT, "done in %d s%n", elapsedSeconds);
    return ok && Files.isRegularFile(reports.resolve("chargeback.html"));
  }

  private static String money(BigDecimal v) {
    return String.format(Locale.ROOT, "%,.2f", v.setScale(2, RoundingMode.HALF_UP));
  }

  private static String relative(Path p) {
    Path cwd = Path.of("").toAbsolutePath();
    return p.startsWith(cwd) ? cwd.relativize(p).toString() : p.toString();
  }
}
