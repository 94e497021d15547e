package io.costfleet.dbtelemetry;

import io.costfleet.job.Provider;
import java.util.List;
import java.util.Optional;

/**
 * One database endpoint the fleet samples, the resource it is billed as, and its tenants.
 *
 * @param name       the endpoint's name: the {@code accountId} of its {@code db-telemetry} jobs and its
 *                   directory in the telemetry store ({@code [A-Za-z0-9._-]+})
 * @param provider   the cloud that bills it; that provider's worker samples it
 * @param resourceId the billed ResourceId of the line items it appears on (RDS/Aurora ARN, Cloud SQL
 *                   instance, Azure server id), compared case-insensitively
 * @param jdbcUrl    {@code jdbc:postgresql://...}, {@code jdbc:mysql://...} or {@code jdbc:mariadb://...}
 * @param username   the read-only role the source connects as (or null when the URL carries it)
 * @param password   its password (or null)
 * @param databases  PostgreSQL: globs of the databases whose schema sizes are sampled (default {@code *});
 *                   the source connects to each one
 * @param computeBy  which statement statistics weigh compute and I/O (default {@link ComputeDimension#STATEMENTS})
 * @param tenants    the endpoint's tenants; usage no tenant claims goes to the unattributed cost center
 */
public record DbEndpoint(String name, Provider provider, String resourceId, String jdbcUrl, String username,
    String password, List<String> databases, ComputeDimension computeBy, List<DbTenant> tenants) {

  public DbEndpoint {
    name = DbTenant.blankToNull(name);
    resourceId = DbTenant.blankToNull(resourceId);
    jdbcUrl = DbTenant.blankToNull(jdbcUrl);
    username = DbTenant.blankToNull(username);
    databases = databases == null || databases.isEmpty() ? List.of("*") : List.copyOf(databases);
    computeBy = computeBy == null ? ComputeDimension.STATEMENTS : computeBy;
    tenants = tenants == null ? List.of() : List.copyOf(tenants);
  }

  /** The engine named by the JDBC URL (validated by {@link DbTelemetryConfig}). */
  public DbEngine engine() {
    return DbEngine.ofJdbcUrl(jdbcUrl).orElseThrow(() -> new IllegalStateException(
        "endpoint " + name + ": unsupported JDBC URL " + jdbcUrl));
  }

  /** The tenant named {@code tenantName} on this endpoint, if any. */
  public Optional<DbTenant> tenant(String tenantName) {
    return tenants.stream().filter(t -> t.name().equals(tenantName)).findFirst();
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "DbEndpoint[name=" + name + ", provider=" + provider + ", resourceId=" + resourceId + ", jdbcUrl=" + jdbcUrl
        + ", username=" + username + ", password=" + (password == null ? "null" : "****") + ", databases=" + databases
        + ", computeBy=" + computeBy + ", tenants=" + tenants + "]";
  }
}
