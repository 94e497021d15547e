package io.costfleet.worker.aws.cur;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costfleet.source.MalformedPayloadException;
import io.costfleet.testing.Samples;
import java.nio.file.Files;
import java.time.Instant;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

/** The three sample manifests (legacy koku and keboola, Data Exports keboola), versions and header names. */
class CurManifestTest {

  private static CurManifest parse(String relative) throws Exception {
    return CurManifest.parse(Files.readAllBytes(Samples.path("aws-cur/" + relative)), relative);
  }

  @Test
  void legacyKokuManifest() throws Exception {
    CurManifest m = parse("koku/s3-layout/my-prefix/my-report/20180801-20180901/my-report-Manifest.json");
    assertThat(m.dataExports()).isFalse();
    assertThat(m.assemblyId()).isEqualTo("861af42f-713c-4a42-9562-9158a7625630");
    assertThat(m.account()).isEqualTo("4090136019287");
    assertThat(m.billingPeriod()).isEqualTo(YearMonth.of(2018, 8));
    assertThat(m.periodEnd()).isEqualTo(Instant.parse("2018-09-01T00:00:00Z"));
    assertThat(m.reportKeys()).containsExactly("my-prefix/my-report/20180801-20180901/"
        + "861af42f-713c-4a42-9562-9158a7625630/my-report-1.csv.gz");
    assertThat(m.columns()).hasSize(57).startsWith("identity/LineItemId");
    assertThat(m.compression()).isEqualTo("GZIP");
    assertThat(m.bucket()).isEmpty();
  }

  @Test
  void legacyKeboolaManifestWithZip() throws Exception {
    CurManifest m = parse("keboola/cur1/MockTestReport-Manifest.json");
    assertThat(m.assemblyId()).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
    assertThat(m.billingPeriod()).isEqualTo(YearMonth.of(2024, 1));
    assertThat(m.periodEnd()).as("as written, not AWS's exclusive bound").isEqualTo(Instant.parse("2024-01-31T23:59:59.999Z"));
    assertThat(m.reportKeys()).containsExactly("20240101-20240131/MockTestReport-00001.csv.zip");
    assertThat(m.compression()).isEqualTo("ZIP");
    assertThat(m.reportName()).isEqualTo("MockTestReport");
  }

  @Test
  void dataExportsManifestWithoutBillingPeriodTakesThePartition() throws Exception {
    CurManifest m = parse("keboola/cur2/MockTestReportV2-Manifest.json");
    assertThat(m.dataExports()).isTrue();
    assertThat(m.assemblyId()).isEqualTo("test-exec-id-12345");
    assertThat(m.billingPeriod()).isEqualTo(YearMonth.of(2024, 9));
    assertThat(m.reportKeys()).containsExactly("data/BILLING_PERIOD=2024-09/MockTestReportV2-00001.csv.gz");
    assertThat(m.columns()).hasSize(30).startsWith("identity_line_item_id");
  }

  @Test
  void notAManifest() {
    assertThatThrownBy(() -> CurManifest.parse("[1]".getBytes(), "x")).isInstanceOf(MalformedPayloadException.class);
    assertThatThrownBy(() -> CurManifest.parse("{\"reportKeys\":[]}".getBytes(), "x"))
        .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("assemblyId");
  }

  @Test
  void versionsSortInDeliveryOrder() {
    CurVersion earlier = new CurVersion(Instant.parse("2024-04-02T13:14:43.337Z"), "ffff");
    CurVersion later = new CurVersion(Instant.parse("2024-04-10T01:00:00Z"), "0000");
    assertThat(earlier.text()).isEqualTo("20240402T131443.337Z_ffff");
    assertThat(later.text().compareTo(earlier.text())).isPositive();
    assertThat(CurVersion.parse(later.text())).isEqualTo(later);
    assertThat(CurSource.NO_DELIVERY.compareTo(earlier.text())).isNegative();
  }

  @Test
  void headerSpellingsResolveToOneField() {
    assertThat(CurColumns.canonical("lineItem/UnblendedCost")).isEqualTo("lineitem/unblendedcost");
    assertThat(CurColumns.canonical("line_item_unblended_cost")).isEqualTo("lineitem/unblendedcost");
    assertThat(CurColumns.canonical("savings_plan_savings_plan_a_r_n")).isEqualTo("savingsplan/savingsplanarn");
    assertThat(CurColumns.canonical("savingsPlan/SavingsPlanARN")).isEqualTo("savingsplan/savingsplanarn");
    assertThat(CurColumns.productMapKey("product_name")).isEqualTo(CurColumns.canonical("product/ProductName"));
    assertThat(CurColumns.canonical("_file")).isNull();
    assertThat(CurColumns.tagKey("resourceTags/user:cost_center")).isEqualTo("cost_center");
    assertThat(CurColumns.tagKey("resource_tags_user_cost_center")).isEqualTo("cost_center");
    assertThat(CurColumns.tagKey("resource_tags_aws_created_by")).isEqualTo("aws:created_by");
    assertThat(CurColumns.tagKey("costCategory/Charge type")).isEqualTo("costCategory:Charge type");
    assertThat(CurColumns.tagKey("noTags/user:app")).isNull();
  }
}
