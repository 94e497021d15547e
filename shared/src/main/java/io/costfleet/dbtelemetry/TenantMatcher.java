package io.costfleet.dbtelemetry;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which tenant of an endpoint a usage row belongs to. Rows carry what the engine measures them by:
 * PostgreSQL statements (database, role), PostgreSQL storage (database, schema), MySQL/MariaDB
 * digests, file I/O and storage (schema, which is also the database), MySQL/MariaDB user
 * statements (role). A tenant claims a row when nothing they both name differs and
 *
 * <ul>
 *   <li>both name a role (the tenant's login role ran the statements), or</li>
 *   <li>the tenant names a database or schema, and the row names every database and schema the
 *       tenant names.</li>
 * </ul>
 *
 * The tenant whose names match the most fields wins; if the best are tenants of different cost
 * centers, the row is ambiguous and no one's. So a tenant {@code {database: app, schema: billing,
 * role: billing_rw}} gets the statements of {@code billing_rw} in {@code app} and the storage of
 * schema {@code billing}, but not {@code app}'s catalog storage, which no schema holds (a tenant
 * {@code {database: app}} would get it, and everything else in {@code app} nobody more specific
 * claims).
 */
public final class TenantMatcher {
  /** What became of a row. */
  public sealed interface Match permits Claimed, Ambiguous, Unclaimed {}

  public record Claimed(DbTenant tenant) implements Match {}

  public record Ambiguous(List<DbTenant> tenants) implements Match {
    public Ambiguous {
      tenants = List.copyOf(tenants);
    }
  }

  public record Unclaimed() implements Match {}

  private final List<DbTenant> tenants;

  public TenantMatcher(List<DbTenant> tenants) {
    this.tenants = List.copyOf(tenants);
  }

  public Match match(String database, String schema, String role) {
    int best = 0;
    List<DbTenant> winners = new ArrayList<>();
    for (DbTenant t : tenants) {
      int score = score(t, database, schema, role);
      if (score > best) {
        best = score;
        winners.clear();
        winners.add(t);
      } else if (score == best && score > 0) {
        winners.add(t);
      }
    }
    if (winners.isEmpty()) {
      return new Unclaimed();
    }
    if (winners.stream().map(DbTenant::costCenter).distinct().count() > 1) {
      return new Ambiguous(winners);
    }
    return new Claimed(winners.get(0));
  }

  /** The cost center of a row: its tenant's, or {@code unattributed}. */
  public String costCenter(String database, String schema, String role, String unattributed) {
    return match(database, schema, role) instanceof Claimed c ? c.tenant().costCenter() : unattributed;
  }

  /** Fields matched, or 0 when the tenant does not claim the row. */
  static int score(DbTenant t, String database, String schema, String role) {
    if (conflicts(t.database(), database) || conflicts(t.schema(), schema) || conflicts(t.role(), role)) {
      return 0;
    }
    int matched = (equal(t.database(), database) ? 1 : 0) + (equal(t.schema(), schema) ? 1 : 0)
        + (equal(t.role(), role) ? 1 : 0);
    if (t.role() != null && role != null) {
      return matched;
    }
    boolean namesContainer = t.database() != null || t.schema() != null;
    return namesContainer && containersCovered(t, database, schema) ? matched : 0;
  }

  private static boolean containersCovered(DbTenant t, String database, String schema) {
    return (t.database() == null || database != null) && (t.schema() == null || schema != null);
  }

  private static boolean conflicts(String tenantValue, String rowValue) {
    return tenantValue != null && rowValue != null && !tenantValue.equals(rowValue);
  }

  private static boolean equal(String tenantValue, String rowValue) {
    return tenantValue != null && Objects.equals(tenantValue, rowValue);
  }
}
