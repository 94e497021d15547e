package io.costfleet.sim;

import java.math.BigDecimal;
import java.util.List;

/**
 * The totals a simulator's generated data adds up to, per account, period and dataset: what the
 * pipeline's staged totals must equal to the cent, and the provider's own totals that
 * reconciliation compares against. Served at {@code GET /_sim/truth}.
 */
public record GroundTruth(List<Entry> entries) {

  /** Totals of one account-period-dataset, malformed records excluded. */
  public record Entry(String provider, String account, String period, String dataset, String currency,
      BigDecimal billedCost, BigDecimal effectiveCost, long records, long malformed) {}
}
