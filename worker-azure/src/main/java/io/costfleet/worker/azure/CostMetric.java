package io.costfleet.worker.azure;

import io.costfleet.job.Dataset;

/**
 * Azure's two cost views: {@code ActualCost} (what is invoiced: commitment purchases when paid,
 * commitment-covered usage at zero) and {@code AmortizedCost} (commitment purchases spread over
 * the usage they cover, unused commitment as its own charge).
 */
public enum CostMetric {
  ACTUAL_COST("ActualCost"),
  AMORTIZED_COST("AmortizedCost");

  private final String wireName;

  CostMetric(String wireName) {
    this.wireName = wireName;
  }

  /** The Query API {@code type} and the export {@code definition.type}. */
  public String wireName() {
    return wireName;
  }

  /** {@code usage} jobs read actual cost, {@code amortized} jobs amortized cost. */
  public static CostMetric of(Dataset dataset) {
    return dataset == Dataset.AMORTIZED ? AMORTIZED_COST : ACTUAL_COST;
  }
}
