package io.costfleet.dbtelemetry;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code costfleet.db-telemetry.*}: the database endpoints to sample, what each is billed as, and
 * its tenants. Immutable; the constructor rejects an invalid configuration with a message that
 * names the key ({@code costfleet.db-telemetry.endpoints[1].resource-id is required}).
 *
 * @param endpoints              the endpoints (at least one)
 * @param unattributedCostCenter the cost center of usage no tenant claims (default {@code unattributed})
 * @param staleAfter             samples older than this make quota answers degraded (default 45m)
 * @param degradedQuotaFactor    while degraded, a quota allows only this fraction of its limit
 *                               (default 0.9; in (0, 1])
 * @param connectTimeout         JDBC connect timeout (default 10s)
 * @param queryTimeout           per-query timeout of the sampling queries (default 30s)
 * @param lockTtl                how long one sampler holds an endpoint (a crashed sampler's hold
 *                               expires after it; default 2m)
 */
public record DbTelemetryConfig(List<DbEndpoint> endpoints, String unattributedCostCenter, Duration staleAfter,
    BigDecimal degradedQuotaFactor, Duration connectTimeout, Duration queryTimeout, Duration lockTtl) {

  /** The prefix of every key. */
  public static final String PREFIX = "costfleet.db-telemetry.";
  public static final String DEFAULT_UNATTRIBUTED = "unattributed";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

  public DbTelemetryConfig {
    endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    unattributedCostCenter = DbTenant.blankToNull(unattributedCostCenter) == null ? DEFAULT_UNATTRIBUTED
        : unattributedCostCenter.strip();
    staleAfter = staleAfter == null ? Duration.ofMinutes(45) : staleAfter;
    degradedQuotaFactor = degradedQuotaFactor == null ? new BigDecimal("0.9") : degradedQuotaFactor;
    if (degradedQuotaFactor.signum() <= 0 || degradedQuotaFactor.compareTo(BigDecimal.ONE) > 0) {
      throw new IllegalArgumentException(PREFIX + "degraded-quota-factor must be in (0, 1], was " + degradedQuotaFactor);
    }
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
    queryTimeout = queryTimeout == null ? Duration.ofSeconds(30) : queryTimeout;
    lockTtl = lockTtl == null ? Duration.ofMinutes(2) : lockTtl;
    positive("stale-after", staleAfter);
    positive("connect-timeout", connectTimeout);
    positive("query-timeout", queryTimeout);
    positive("lock-ttl", lockTtl);
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException(PREFIX + "endpoints needs at least one endpoint");
    }
    Set<String> names = new HashSet<>();
    Map<String, String> tenantCostCenters = new HashMap<>();
    for (int i = 0; i < endpoints.size(); i++) {
      validate(endpoints.get(i), PREFIX + "endpoints[" + i + "].", names, tenantCostCenters, unattributedCostCenter);
    }
  }

  /** Defaults for everything but the endpoints. */
  public static DbTelemetryConfig of(List<DbEndpoint> endpoints) {
    return new DbTelemetryConfig(endpoints, null, null, null, null, null, null);
  }

  /** The endpoint named {@code name}. */
  public Optional<DbEndpoint> endpoint(String name) {
    return endpoints.stream().filter(e -> e.name().equals(name)).findFirst();
  }

  /** The endpoint billed as {@code resourceId} (case-insensitive). */
  public Optional<DbEndpoint> endpointOfResource(String resourceId) {
    return resourceId == null ? Optional.empty()
        : endpoints.stream().filter(e -> e.resourceId().equalsIgnoreCase(resourceId.strip())).findFirst();
  }

  /** Every endpoint where a tenant of this name is defined. */
  public List<DbEndpoint> endpointsOfTenant(String tenantName) {
    return endpoints.stream().filter(e -> e.tenant(tenantName).isPresent()).toList();
  }

  private static void validate(DbEndpoint e, String key, Set<String> names, Map<String, String> tenantCostCenters,
      String unattributed) {
    if (e == null) {
      throw new IllegalArgumentException(key.substring(0, key.length() - 1) + " is empty");
    }
    if (e.name() == null) {
      throw new IllegalArgumentException(key + "name is required");
    }
    if (!NAME.matcher(e.name()).matches()) {
      throw new IllegalArgumentException(key + "name '" + e.name() + "' may only hold letters, digits, '.', '_' and '-'");
    }
    if (!names.add(e.name())) {
      throw new IllegalArgumentException(key + "name '" + e.name() + "' is used by two endpoints");
    }
    if (e.provider() == null) {
      throw new IllegalArgumentException(key + "provider is required (aws, gcp or azure)");
    }
    if (e.resourceId() == null) {
      throw new IllegalArgumentException(key + "resource-id is required (the billed ResourceId: RDS/Aurora ARN, "
          + "Cloud SQL instance, Azure server id)");
    }
    if (e.jdbcUrl() == null) {
      throw new IllegalArgumentException(key + "jdbc-url is required");
    }
    DbEngine engine = DbEngine.ofJdbcUrl(e.jdbcUrl()).orElseThrow(() -> new IllegalArgumentException(key
        + "jdbc-url must start with jdbc:postgresql:, jdbc:mysql: or jdbc:mariadb:, was " + e.jdbcUrl()));
    if (e.computeBy() == ComputeDimension.USER && engine == DbEngine.POSTGRESQL) {
      throw new IllegalArgumentException(key + "compute-by=user is for MySQL/MariaDB; PostgreSQL statements are "
          + "kept per (database, role) already");
    }
    for (int d = 0; d < e.databases().size(); d++) {
      if (DbTenant.blankToNull(e.databases().get(d)) == null) {
        throw new IllegalArgumentException(key + "databases[" + d + "] is blank");
      }
    }
    Set<String> tenantNames = new HashSet<>();
    for (int t = 0; t < e.tenants().size(); t++) {
      DbTenant tenant = e.tenants().get(t);
      String tk = key + "tenants[" + t + "].";
      if (tenant == null) {
        throw new IllegalArgumentException(tk.substring(0, tk.length() - 1) + " is empty");
      }
      if (tenant.costCenter() == null) {
        throw new IllegalArgumentException(tk + "cost-center is required");
      }
      if (tenant.costCenter().equals(unattributed)) {
        throw new IllegalArgumentException(tk + "cost-center '" + unattributed
            + "' is the unattributed cost center; name the tenant's own");
      }
      if (tenant.database() == null && tenant.schema() == null && tenant.role() == null) {
        throw new IllegalArgumentException(tk + "database, schema or role: a tenant needs at least one");
      }
      if (!tenantNames.add(tenant.name())) {
        throw new IllegalArgumentException(tk + "name '" + tenant.name() + "' is used twice on endpoint " + e.name());
      }
      String previous = tenantCostCenters.putIfAbsent(tenant.name(), tenant.costCenter());
      if (previous != null && !previous.equals(tenant.costCenter())) {
        throw new IllegalArgumentException(tk + "cost-center '" + tenant.costCenter() + "' differs from '" + previous
            + "', the cost center of tenant '" + tenant.name() + "' on another endpoint");
      }
      if (tenant.storageQuotaBytes() != null && tenant.storageQuotaBytes() < 0) {
        throw new IllegalArgumentException(tk + "storage-quota must not be negative");
      }
      if (tenant.computeQuota() != null && tenant.computeQuota().isNegative()) {
        throw new IllegalArgumentException(tk + "compute-quota must not be negative");
      }
    }
  }

  private static void positive(String key, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(PREFIX + key + " must be a positive duration, was " + d);
    }
  }
}
