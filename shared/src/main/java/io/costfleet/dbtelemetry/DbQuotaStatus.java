package io.costfleet.dbtelemetry;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;

/**
 * A tenant's database quota check: storage (bytes held now) and compute (statement execution
 * seconds in the billing period so far), each against its quota, from the latest samples.
 *
 * @param sampledAt the oldest of the latest samples of the tenant's endpoints (null: never sampled)
 * @param staleness how old that sample is (null: never sampled)
 * @param degraded  whether a sample is missing or older than {@code stale-after}; the quotas are
 *                  then enforced against their limit × {@code degraded-quota-factor}
 * @param allowed   whether both dimensions allow the request
 */
public record DbQuotaStatus(String tenant, String costCenter, YearMonth period, List<String> endpoints,
    Dimension storage, Dimension compute, Instant sampledAt, Duration staleness, boolean degraded, boolean allowed) {

  public DbQuotaStatus {
    endpoints = List.copyOf(endpoints);
  }

  /**
   * One quota dimension.
   *
   * @param unit           {@code bytes} or {@code seconds}
   * @param used           measured use
   * @param requested      what the caller asks to add
   * @param limit          the quota, or null for none
   * @param effectiveLimit the limit enforced now (the quota, or its degraded fraction), or null
   * @param allowed        whether used + requested fits the effective limit
   */
  public record Dimension(String unit, BigDecimal used, BigDecimal requested, BigDecimal limit,
      BigDecimal effectiveLimit, boolean allowed) {}
}
