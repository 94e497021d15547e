package io.costfleet.source;

import io.costfleet.model.CostRecord;
import io.costfleet.validation.Violation;
import java.util.List;

/** What a normalizer made of one raw record: canonical records, or the reasons it could not. */
public sealed interface NormalizeResult permits NormalizeResult.Accepted, NormalizeResult.Rejected {

  /** One raw record may yield several canonical records (a GCP row with credits, a CE group's metrics). */
  record Accepted(List<CostRecord> records) implements NormalizeResult {
    public Accepted {
      records = List.copyOf(records);
    }
  }

  /** Every reason the record could not be normalized. */
  record Rejected(List<Violation> violations) implements NormalizeResult {
    public Rejected {
      if (violations.isEmpty()) {
        throw new IllegalArgumentException("a rejection needs at least one reason");
      }
      violations = List.copyOf(violations);
    }
  }

  static NormalizeResult accept(CostRecord record) {
    return new Accepted(List.of(record));
  }

  static NormalizeResult reject(List<Violation> violations) {
    return new Rejected(violations);
  }
}
