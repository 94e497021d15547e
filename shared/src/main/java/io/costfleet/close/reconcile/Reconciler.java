package io.costfleet.close.reconcile;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares the pipeline's deduplicated totals with the providers' own, per provider, account,
 * dataset and currency (and invoice where the provider total names one). A gap within the
 * tolerance (0.1% by default) passes; a larger one fails and names the partition to re-extract.
 */
public final class Reconciler {
  private static final MathContext RATIO = new MathContext(12, RoundingMode.HALF_EVEN);

  private Reconciler() {}

  /**
   * @param partitionPath maps (provider, account, dataset) to the staged partition's path
   */
  public static ReconciliationReport reconcile(YearMonth period, BigDecimal tolerance, List<PipelineTotal> pipeline,
      List<ProviderTotal> truth, List<String> truthSources, List<String> stagingProblems,
      List<String> problemPartitions, PartitionNamer partitionPath) {
    List<ReconciliationEntry> entries = new ArrayList<>();
    Set<PipelineTotal> covered = new HashSet<>();
    Set<String> reextract = new TreeSet<>(problemPartitions);
    List<ProviderTotal> sortedTruth = new ArrayList<>(truth);
    sortedTruth.sort(java.util.Comparator.comparing((ProviderTotal t) -> t.provider() + "|" + t.account() + "|"
        + t.dataset() + "|" + t.currency() + "|" + Objects.toString(t.invoiceId(), "")));
    for (ProviderTotal t : sortedTruth) {
      BigDecimal billed = BigDecimal.ZERO;
      BigDecimal effective = BigDecimal.ZERO;
      long records = 0;
      for (PipelineTotal p : pipeline) {
        if (p.provider().equalsIgnoreCase(t.provider()) && p.account().equals(t.account())
            && (t.dataset() == null || p.dataset().equalsIgnoreCase(t.dataset()))
            && (t.currency() == null || t.currency().equalsIgnoreCase(p.currency()))
            && (t.invoiceId() == null || t.invoiceId().equals(p.invoiceId()))) {
          billed = billed.add(p.billedCost());
          effective = effective.add(p.effectiveCost());
          records += p.records();
          covered.add(p);
        }
      }
      String partition = partitionPath.name(t.provider(), t.account(), t.dataset() == null ? "*" : t.dataset())
          + (t.invoiceId() == null ? "" : " invoice=" + t.invoiceId());
      BigDecimal billedGap = billed.subtract(t.billedCost());
      BigDecimal billedRatio = ratio(billedGap, t.billedCost());
      BigDecimal effectiveGap = t.effectiveCost() == null ? null : effective.subtract(t.effectiveCost());
      BigDecimal effectiveRatio = t.effectiveCost() == null ? null : ratio(effectiveGap, t.effectiveCost());
      boolean ok = billedRatio.compareTo(tolerance) <= 0 && (effectiveRatio == null || effectiveRatio.compareTo(tolerance) <= 0);
      String explanation;
      if (ok) {
        explanation = "within " + percent(tolerance) + " of the provider's total";
      } else {
        reextract.add(partition);
        boolean billedOff = billedRatio.compareTo(tolerance) > 0;
        BigDecimal gap = billedOff ? billedGap : effectiveGap;
        BigDecimal ratio = billedOff ? billedRatio : effectiveRatio;
        BigDecimal theirs = billedOff ? t.billedCost() : t.effectiveCost();
        String column = billedOff ? "BilledCost" : "EffectiveCost";
        explanation = "pipeline " + column + " is " + gap.abs().stripTrailingZeros().toPlainString() + " " + t.currency()
            + " (" + percent(ratio) + ") " + (gap.signum() < 0 ? "below" : "above") + " the provider's "
            + theirs.stripTrailingZeros().toPlainString() + ", over the " + percent(tolerance) + " tolerance: "
            + (records == 0 ? "nothing of this partition is staged"
                : gap.signum() < 0 ? "records or pages are missing from the staged data"
                : "charges are counted twice or restated charges were not replaced")
            + "; re-extract " + partition;
      }
      entries.add(new ReconciliationEntry(t.provider(), t.account(), t.dataset(), t.invoiceId(), t.currency(), partition,
          ok ? "passed" : "failed", billed, t.billedCost(), billedGap, billedRatio, t.effectiveCost() == null ? null : effective,
          t.effectiveCost(), effectiveGap, effectiveRatio, records, explanation));
    }
    for (PipelineTotal p : pipeline) {
      if (!covered.contains(p)) {
        entries.add(new ReconciliationEntry(p.provider(), p.account(), p.dataset(), p.invoiceId(), p.currency(),
            partitionPath.name(p.provider(), p.account(), p.dataset()), "unverified", p.billedCost(), null, null, null,
            p.effectiveCost(), null, null, null, p.records(), "no provider total to compare with"));
      }
    }
    boolean failed = !reextract.isEmpty() || !stagingProblems.isEmpty();
    return new ReconciliationReport(period.toString(), failed ? "failed" : "passed", tolerance, List.copyOf(truthSources),
        entries, List.copyOf(reextract), List.copyOf(stagingProblems));
  }

  private static BigDecimal ratio(BigDecimal gap, BigDecimal total) {
    if (total.signum() == 0) {
      return gap.signum() == 0 ? BigDecimal.ZERO : BigDecimal.ONE;
    }
    return gap.abs().divide(total.abs(), RATIO).stripTrailingZeros();
  }

  private static String percent(BigDecimal ratio) {
    return ratio.movePointRight(2).setScale(3, RoundingMode.HALF_UP).toPlainString() + "%";
  }

  /** Names a staged partition. */
  @FunctionalInterface
  public interface PartitionNamer {
    String name(String provider, String account, String dataset);
  }
}
