package io.costfleet.dbtelemetry;

import java.time.Duration;

/**
 * One tenant of a shared database endpoint and the cost center it is charged to. A tenant is
 * identified by any of {@code database}, {@code schema} and {@code role} (MySQL/MariaDB: database
 * and schema are the same thing; role is the user); see {@link TenantMatcher} for how usage rows
 * are matched to tenants.
 *
 * @param name              the tenant's name in quota requests ({@code GET /quota/db/{name}}); defaults
 *                          to the cost center; the same name on several endpoints is one tenant
 * @param costCenter        where the tenant's share of the database's cost goes
 * @param database          the tenant's database, or null
 * @param schema            the tenant's schema, or null
 * @param role              the tenant's login role (PostgreSQL) or user (MySQL/MariaDB), or null
 * @param storageQuotaBytes storage quota in bytes over all its endpoints, or null for none
 * @param computeQuota      statement execution time allowed per billing period over all its endpoints,
 *                          or null for none
 */
public record DbTenant(String name, String costCenter, String database, String schema, String role,
    Long storageQuotaBytes, Duration computeQuota) {

  public DbTenant {
    costCenter = blankToNull(costCenter);
    name = blankToNull(name) == null ? costCenter : name.strip();
    database = blankToNull(database);
    schema = blankToNull(schema);
    role = blankToNull(role);
  }

  /** A tenant without quotas. */
  public static DbTenant of(String costCenter, String database, String schema, String role) {
    return new DbTenant(null, costCenter, database, schema, role, null, null);
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
