package io.costfleet.focus;

import static org.assertj.core.api.Assertions.assertThat;

import io.costfleet.staging.PartitionKey;
import org.junit.jupiter.api.Test;

/** The provider code a FOCUS ProviderName stages under ({@code provider=<code>}). */
class FocusProviderCodeTest {

  @Test
  void theFleetsProvidersAndOracleHaveTheirShortCodes() {
    assertThat(FocusCsvNormalizer.providerCode("Amazon Web Services")).isEqualTo("aws");
    assertThat(FocusCsvNormalizer.providerCode("AWS")).isEqualTo("aws");
    assertThat(FocusCsvNormalizer.providerCode("Google Cloud")).isEqualTo("gcp");
    assertThat(FocusCsvNormalizer.providerCode("Microsoft")).isEqualTo("azure");
    assertThat(FocusCsvNormalizer.providerCode("Oracle Cloud Infrastructure")).isEqualTo("oci");
    assertThat(FocusCsvNormalizer.providerCode("OCI")).isEqualTo("oci");
  }

  @Test
  void anyOtherNameIsSluggedIntoAValidPartitionCode() {
    assertThat(FocusCsvNormalizer.providerCode("Datadog, Inc.")).isEqualTo("datadog-inc");
    assertThat(FocusCsvNormalizer.providerCode("  Snowflake ")).isEqualTo("snowflake");
    String unicode = FocusCsvNormalizer.providerCode("さくらのクラウド");
    assertThat(unicode).matches("p-[0-9a-f]{8}").isNotEqualTo(FocusCsvNormalizer.providerCode("ニフクラ"));
    String longName = FocusCsvNormalizer.providerCode("A Very Long Software Vendor Name ".repeat(4));
    assertThat(longName).hasSizeLessThanOrEqualTo(63).startsWith("a-very-long-software-vendor-name-a-very-long")
        .matches(".*-[0-9a-f]{8}");
    for (String code : new String[] {unicode, longName, "datadog-inc"}) {
      assertThat(PartitionKey.isProviderCode(code)).as(code).isTrue();
    }
  }
}
