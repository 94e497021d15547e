package io.costfleet.worker.support;

import io.costfleet.dbtelemetry.ComputeDimension;
import io.costfleet.dbtelemetry.DbEndpoint;
import io.costfleet.dbtelemetry.DbTelemetryConfig;
import io.costfleet.dbtelemetry.DbTenant;
import io.costfleet.job.Provider;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code costfleet.db-telemetry.*}: the database endpoints this fleet samples (see the README,
 * "Sources → Database telemetry"). Bound as given; {@link #toConfig()} validates and names the bad key.
 */
@ConfigurationProperties("costfleet.db-telemetry")
public record DbTelemetryProperties(List<Endpoint> endpoints, String unattributedCostCenter, Duration staleAfter,
    BigDecimal degradedQuotaFactor, Duration connectTimeout, Duration queryTimeout, Duration lockTtl) {

  /** {@code costfleet.db-telemetry.endpoints[i].*}. */
  public record Endpoint(String name, Provider provider, String resourceId, String jdbcUrl, String username,
      String password, List<String> databases, ComputeDimension computeBy, List<Tenant> tenants) {}

  /** {@code costfleet.db-telemetry.endpoints[i].tenants[j].*}; {@code storage-quota} takes sizes ({@code 50GB}). */
  public record Tenant(String name, String costCenter, String database, String schema, String role,
      DataSize storageQuota, Duration computeQuota) {}

  public DbTelemetryConfig toConfig() {
    List<DbEndpoint> list = endpoints == null ? List.of() : endpoints.stream().map(e -> e == null ? null
        : new DbEndpoint(e.name(), e.provider(), e.resourceId(), e.jdbcUrl(), e.username(), e.password(), e.databases(),
            e.computeBy(), e.tenants() == null ? null : e.tenants().stream().map(t -> t == null ? null
                : new DbTenant(t.name(), t.costCenter(), t.database(), t.schema(), t.role(),
                    t.storageQuota() == null ? null : t.storageQuota().toBytes(), t.computeQuota())).toList()))
        .toList();
    return new DbTelemetryConfig(list, unattributedCostCenter, staleAfter, degradedQuotaFactor, connectTimeout,
        queryTimeout, lockTtl);
  }
}
