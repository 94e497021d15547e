package io.costfleet.worker.aws.cur;

import io.costfleet.model.CostRecord;
import io.costfleet.source.NormalizeResult;
import io.costfleet.source.RawRecord;
import io.costfleet.source.csv.CsvRow;
import io.costfleet.validation.Violation;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads a whole CUR file through the reader and normalizer and sums what came out, for tests. */
final class CurSamples {

  /** Totals of one line item type: rows, BilledCost, EffectiveCost. */
  record Totals(long rows, BigDecimal billed, BigDecimal effective) {
    Totals add(CostRecord r) {
      return new Totals(rows + 1, billed.add(r.billedCost()), effective.add(r.effectiveCost()));
    }

    /** {@code rows/billed/effective} with amounts stripped of trailing zeros. */
    @Override
    public String toString() {
      return rows + "/" + billed.stripTrailingZeros().toPlainString() + "/"
          + effective.stripTrailingZeros().toPlainString();
    }
  }

  /** What a file normalized to. */
  record Outcome(long rows, List<CostRecord> accepted, List<List<Violation>> rejected, Map<String, Totals> byType,
      int headerSize) {
    long quarantined() {
      return rejected.size();
    }

    /** Per line item type, {@code rows/billed/effective}. */
    Map<String, String> totals() {
      Map<String, String> out = new TreeMap<>();
      byType.forEach((k, v) -> out.put(k, v.toString()));
      return out;
    }
  }

  private CurSamples() {}

  static Outcome normalize(Path file, CurNormalizer normalizer, String version) throws IOException {
    List<CostRecord> accepted = new ArrayList<>();
    List<List<Violation>> rejected = new ArrayList<>();
    Map<String, Totals> byType = new TreeMap<>();
    long rows = 0;
    int headerSize;
    try (CurReportReader reader = CurFiles.open(file)) {
      headerSize = reader.header().size();
      CsvRow row;
      while ((row = reader.next()) != null) {
        rows++;
        NormalizeResult result = normalizer.normalize(new RawRecord<>(row.position(), new CurRow(row, version)), null);
        if (result instanceof NormalizeResult.Accepted a) {
          CurColumns cols = normalizer.columns(row.header());
          String type = cols.has(CurField.LINE_ITEM_TYPE) ? row.get(cols.index(CurField.LINE_ITEM_TYPE)) : "(none)";
          for (CostRecord r : a.records()) {
            accepted.add(r);
            byType.merge(type, new Totals(0, BigDecimal.ZERO, BigDecimal.ZERO).add(r),
                (x, y) -> new Totals(x.rows + y.rows, x.billed.add(y.billed), x.effective.add(y.effective)));
          }
        } else {
          rejected.add(((NormalizeResult.Rejected) result).violations());
        }
      }
    }
    return new Outcome(rows, accepted, rejected, byType, headerSize);
  }
}
