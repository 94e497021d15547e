package io.costfleet.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.costfleet.model.CostRecord;
import io.costfleet.testing.Records;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class RecordValidatorTest {
  private static final RecordValidator VALIDATOR = new RecordValidator();

  @AfterAll
  static void close() {
    VALIDATOR.close();
  }

  @Test
  void acceptsAValidRecord() {
    assertThat(VALIDATOR.validate(Records.valid().build())).isEmpty();
  }

  @Test
  void reportsEveryViolationWithItsFocusColumn() {
    CostRecord broken = Records.valid()
        .billedCost(null)
        .billingCurrency("XYZ")
        .chargeCategory("Refund")
        .serviceName(" ")
        .chargePeriodEnd(Instant.parse("2026-10-04T00:00:00Z"))
        .build();

    List<Violation> violations = VALIDATOR.validate(broken);

    assertThat(violations).extracting(Violation::field)
        .containsExactlyInAnyOrder("BilledCost", "BillingCurrency", "ChargeCategory", "ServiceName", "ChargePeriodEnd");
    assertThat(violations).filteredOn(v -> v.field().equals("ChargeCategory"))
        .singleElement().satisfies(v -> {
          assertThat(v.code()).isEqualTo("AllowedValues");
          assertThat(v.rejectedValue()).isEqualTo("Refund");
        });
  }

  @Test
  void billingPeriodMustBeOrdered() {
    CostRecord reversed = Records.valid()
        .billingPeriodStart(Instant.parse("2026-11-01T00:00:00Z"))
        .billingPeriodEnd(Instant.parse("2026-10-01T00:00:00Z"))
        .build();
    assertThat(VALIDATOR.validate(reversed)).extracting(Violation::field).containsExactly("BillingPeriodEnd");
  }

  @Test
  void focus05RequirementsDoNotIncludeLaterColumns() {
    CostRecord old = Records.valid().listCost(null).contractedCost(null).build();
    assertThat(VALIDATOR.validate(old, FocusVersion.V0_5)).isEmpty();
    assertThat(VALIDATOR.validate(old, FocusVersion.V1_2)).extracting(Violation::field)
        .containsExactly("ContractedCost", "ListCost");
  }

  @Test
  void extensionColumnsKeepTheirPrefix() {
    assertThat(RecordValidatorTestAccess.focusName("xCostCenter")).isEqualTo("x_CostCenter");
    assertThat(RecordValidatorTestAccess.focusName("billingAccountId")).isEqualTo("BillingAccountId");
  }
}
