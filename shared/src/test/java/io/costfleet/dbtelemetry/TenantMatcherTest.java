package io.costfleet.dbtelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TenantMatcherTest {
  private static final DbTenant BILLING = DbTenant.of("cc-billing", "app", "billing", "billing_rw");
  private static final DbTenant SEARCH = DbTenant.of("cc-search", "app", "search", "search_rw");
  private static final DbTenant PLATFORM = DbTenant.of("cc-platform", "app", null, null);
  private static final DbTenant REPORTS = DbTenant.of("cc-reports", "reports", null, null);
  private final TenantMatcher matcher = new TenantMatcher(List.of(BILLING, SEARCH, PLATFORM, REPORTS));

  private String cc(String database, String schema, String role) {
    return matcher.costCenter(database, schema, role, "unattributed");
  }

  @Test
  void postgresStatementsGoToTheTenantOfTheirRole() {
    assertThat(cc("app", null, "billing_rw")).isEqualTo("cc-billing");
    assertThat(cc("app", null, "search_rw")).isEqualTo("cc-search");
    assertThat(cc("app", null, "etl")).as("another role in app: the database tenant").isEqualTo("cc-platform");
    assertThat(cc("reports", null, "billing_rw")).as("a database tenant takes every role in it")
        .isEqualTo("cc-reports");
    assertThat(cc("other", null, "billing_rw")).as("the role's tenant is in another database")
        .isEqualTo("unattributed");
  }

  @Test
  void postgresStorageGoesToTheTenantOfItsSchema() {
    assertThat(cc("app", "billing", null)).isEqualTo("cc-billing");
    assertThat(cc("app", "public", null)).isEqualTo("cc-platform");
    assertThat(cc("app", null, null)).as("what no schema holds: not a schema tenant's").isEqualTo("cc-platform");
    assertThat(cc("postgres", null, null)).isEqualTo("unattributed");
  }

  @Test
  void withoutADatabaseTenantWhatNoSchemaHoldsIsUnattributed() {
    TenantMatcher schemasOnly = new TenantMatcher(List.of(BILLING, SEARCH));

    assertThat(schemasOnly.costCenter("app", null, null, "u")).isEqualTo("u");
    assertThat(schemasOnly.costCenter("app", null, "etl", "u")).isEqualTo("u");
  }

  @Test
  void aRoleOnlyTenantClaimsStatementsButNoStorage() {
    TenantMatcher roles = new TenantMatcher(List.of(DbTenant.of("cc-a", null, null, "a_app")));

    assertThat(roles.costCenter(null, null, "a_app", "u")).isEqualTo("cc-a");
    assertThat(roles.costCenter("db", null, "a_app", "u")).isEqualTo("cc-a");
    assertThat(roles.costCenter("db", "db", null, "u")).isEqualTo("u");
  }

  @Test
  void mysqlUserTenantsWithTheirSchemaGetDigestsFileIoAndStorage() {
    TenantMatcher mysql = new TenantMatcher(List.of(DbTenant.of("cc-a", "shop_a", null, "a_app"),
        DbTenant.of("cc-b", "shop_b", null, "b_app")));

    assertThat(mysql.costCenter(null, null, "a_app", "u")).as("statements by user").isEqualTo("cc-a");
    assertThat(mysql.costCenter("shop_b", "shop_b", null, "u")).as("digests, file I/O, storage").isEqualTo("cc-b");
  }

  @Test
  void equallyGoodTenantsOfDifferentCostCentersMakeARowAmbiguous() {
    TenantMatcher shared = new TenantMatcher(List.of(DbTenant.of("cc-a", "app", null, "a_app"),
        DbTenant.of("cc-b", "app", null, "b_app")));

    assertThat(shared.match("app", "public", null)).isInstanceOf(TenantMatcher.Ambiguous.class);
    assertThat(shared.costCenter("app", "public", null, "u")).isEqualTo("u");
    assertThat(shared.costCenter("app", null, "b_app", "u")).isEqualTo("cc-b");
  }

  @Test
  void tenantsOfOneCostCenterAreNoAmbiguity() {
    TenantMatcher same = new TenantMatcher(List.of(DbTenant.of("cc-a", "app", null, "a1"),
        DbTenant.of("cc-a", "app", null, "a2")));

    assertThat(same.costCenter("app", "public", null, "u")).isEqualTo("cc-a");
  }
}
