package io.costfleet.close;

import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;

/** The outcome of closing a period. */
public sealed interface CloseResult permits CloseResult.Passed, CloseResult.Failed {

  YearMonth period();

  Duration duration();

  /** The chargeback dataset and reports are written; {@code summary} says what went into them. */
  record Passed(YearMonth period, CloseSummary summary, Duration duration) implements CloseResult {}

  /**
   * Nothing was published (a previous close's output, if any, is left as it was). {@code reasons}
   * say why; {@code partitionsToReextract} names the staged partitions to extract again
   * ({@code provider=…/billing_period=…/account=…/dataset=…}); {@code reconciliationReport} is the
   * reconciliation.json explaining gaps, when reconciliation ran.
   */
  record Failed(YearMonth period, List<String> reasons, List<String> partitionsToReextract, Path reconciliationReport,
      Duration duration) implements CloseResult {
    public Failed {
      reasons = List.copyOf(reasons);
      partitionsToReextract = List.copyOf(partitionsToReextract);
    }
  }
}
