package io.costfleet.close.reconcile;

import java.io.IOException;
import java.time.YearMonth;
import java.util.List;

/**
 * The SPI reconciliation reads the providers' own totals through: CUR invoice totals, Cost Explorer
 * totals, GCP/Azure totals, or a simulator's ground truth ({@link GroundTruthTotals}). An
 * implementation returns what it knows for the period; partitions it says nothing about are
 * reported as unverified, not failed.
 */
public interface ProviderTotals {

  /** Where the totals come from, for the reconciliation report. */
  String describe();

  /** The provider's totals for a period. An I/O failure fails the close (it cannot be reconciled). */
  List<ProviderTotal> totals(YearMonth period) throws IOException;
}
