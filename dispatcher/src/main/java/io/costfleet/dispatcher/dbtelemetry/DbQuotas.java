package io.costfleet.dispatcher.dbtelemetry;

import io.costfleet.dbtelemetry.DbQuota;
import io.costfleet.dbtelemetry.DbQuotaStatus;
import io.costfleet.metrics.MetricNames;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Optional;

/** The database quota checks of this dispatcher: none when {@code costfleet.db-telemetry} has no endpoint. */
public final class DbQuotas {
  private final DbQuota quota;
  private final MeterRegistry registry;

  /** @param quota null when database telemetry is not configured */
  public DbQuotas(DbQuota quota, MeterRegistry registry) {
    this.quota = quota;
    this.registry = registry;
  }

  /** The tenant's check, counted in {@value MetricNames#QUOTA_DECISIONS}; empty for an unknown tenant. */
  public Optional<DbQuotaStatus> check(String tenant, long bytes, BigDecimal computeSeconds) throws IOException {
    if (quota == null) {
      return Optional.empty();
    }
    Optional<DbQuotaStatus> status = quota.check(tenant, bytes, computeSeconds);
    status.ifPresent(s -> registry.counter(MetricNames.QUOTA_DECISIONS, "outcome", s.allowed() ? "allow" : "deny",
        "degraded", Boolean.toString(s.degraded())).increment());
    return status;
  }
}
