package io.costfleet.worker.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.bigquery.QueryJobConfiguration;
import com.google.cloud.bigquery.QueryParameterValue;
import io.costfleet.job.ExtractionJob;
import io.costfleet.job.Window;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BillingExportQueryTest {
  static final String ACCOUNT = "01A2B3-C4D5E6-F7A8B9";
  static final BillingExportTable TABLE =
      BillingExportTable.parse("k", "billing-admin.billing_export.gcp_billing_export_resource_v1_01A2B3_C4D5E6_F7A8B9", true);

  static ExtractionJob job(LocalDate from, LocalDate to) {
    return SimFixture.job(ACCOUNT, new Window(from, to), 0);
  }

  @Test
  void valuesAreParametersAndTheSqlTextHoldsOnlyTheValidatedTable() {
    QueryJobConfiguration q = BillingExportQuery.of(TABLE, SimFixture.wholeMonth(ACCOUNT), 6);
    assertThat(q.getQuery()).contains("`billing-admin.billing_export.gcp_billing_export_resource_v1_01A2B3_C4D5E6_F7A8B9`")
        .doesNotContain(ACCOUNT).doesNotContain("202610").doesNotContain("'").doesNotContain("\"")
        .contains("_PARTITIONTIME >= @partition_start", "export_time < @export_end", "invoice.month = @invoice_month");
    assertThat(q.useLegacySql()).isFalse();
    Map<String, QueryParameterValue> p = q.getNamedParameters();
    assertThat(p.get("billing_account_id").getValue()).isEqualTo(ACCOUNT);
    assertThat(p.get("invoice_month").getValue()).isEqualTo("202610");
    assertThat(p.get("partition_start").getValue()).isEqualTo("2026-09-30 00:00:00.000000+00:00");
    assertThat(p.get("partition_end").getValue()).isEqualTo("2026-11-07 00:00:00.000000+00:00");
    assertThat(p.get("export_start").getValue()).isEqualTo("0001-01-01 00:00:00.000000+00:00");
    assertThat(p.get("export_end").getValue()).isEqualTo("9999-12-31 00:00:00.000000+00:00");
  }

  @Test
  void interiorWindowsAreExactExportDaysAndTheLastWindowReachesLateDaysPastItsEnd() {
    var daily = BillingExportQuery.bounds(job(LocalDate.of(2026, 10, 14), LocalDate.of(2026, 10, 15)), 6);
    assertThat(daily.exportStart()).isEqualTo(Instant.parse("2026-10-14T00:00:00Z"));
    assertThat(daily.exportEnd()).isEqualTo(Instant.parse("2026-10-15T00:00:00Z"));
    assertThat(daily.partitionStart()).isEqualTo(Instant.parse("2026-10-13T00:00:00Z"));
    assertThat(daily.partitionEnd()).isEqualTo(Instant.parse("2026-10-16T00:00:00Z"));

    var resync = BillingExportQuery.bounds(job(LocalDate.of(2026, 10, 20), LocalDate.of(2026, 11, 10)), 6);
    assertThat(resync.exportStart()).isEqualTo(Instant.parse("2026-10-20T00:00:00Z"));
    assertThat(resync.exportEnd()).isEqualTo(BillingExportQuery.MAX);
    assertThat(resync.partitionEnd()).isEqualTo(Instant.parse("2026-11-16T00:00:00Z"));
  }

  @Test
  void aViewWithoutPartitionsIsQueriedWithoutThePseudoColumn() {
    BillingExportTable view = BillingExportTable.parse("k", "finops-prj:views.billing_v1", false);
    QueryJobConfiguration q = BillingExportQuery.of(view, SimFixture.wholeMonth(ACCOUNT), 6);
    assertThat(q.getQuery()).doesNotContain("_PARTITIONTIME").contains("`finops-prj.views.billing_v1`");
    assertThat(q.getNamedParameters()).doesNotContainKey("partition_start");
    assertThat(view.kind()).isEqualTo(BillingExportTable.Kind.STANDARD);
    assertThat(TABLE.kind()).isEqualTo(BillingExportTable.Kind.DETAILED);
  }

  @Test
  void tableIdsThatCouldBreakOutOfTheIdentifierAreRefusedNamingTheKey() {
    for (String bad : new String[] {"p.d.t`; DROP TABLE x; --", "billing-admin.ds.t x", "billing-admin.ds", "a.b.c",
        "billing-admin.ds.t'", null}) {
      assertThatThrownBy(() -> BillingExportTable.parse("costfleet.gcp.accounts[0].table", bad, true))
          .hasMessageContaining("costfleet.gcp.accounts[0].table");
    }
  }
}
