package io.costfleet.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costfleet.job.WireCodec;
import io.costfleet.testing.Records;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class CostRecordJsonTest {
  private final ObjectMapper json = WireCodec.newMapper();

  @Test
  void serializesWithFocusColumnNamesAndReadsBack() throws Exception {
    CostRecord record = Records.valid().xCostCenter("cc-42").xIsDegraded(false).build();

    String text = json.writeValueAsString(record);
    JsonNode tree = json.readTree(text);

    assertThat(tree.has("BilledCost")).isTrue();
    assertThat(tree.get("BilledCost").decimalValue()).isEqualByComparingTo("12.3456789");
    assertThat(tree.get("BillingPeriodStart").asText()).isEqualTo("2026-10-01T00:00:00Z");
    assertThat(tree.get("x_CostCenter").asText()).isEqualTo("cc-42");
    assertThat(tree.get("Tags").get("cost_center").asText()).isEqualTo("cc-42");
    assertThat(tree.has("ResourceName")).as("null columns are omitted").isFalse();

    CostRecord back = json.readValue(text, CostRecord.class);
    assertThat(back).isEqualTo(record);
  }

  @Test
  void keepsFullPrecisionOfMoney() throws Exception {
    CostRecord record = Records.valid().billedCost(new BigDecimal("0.0000000181")).build();
    CostRecord back = json.readValue(json.writeValueAsString(record), CostRecord.class);
    assertThat(back.billedCost()).isEqualTo(new BigDecimal("0.0000000181"));
  }

  @Test
  void everyFocusColumnReadsAndWritesItsComponent() {
    CostRecord record = Records.valid().xCostCenter("cc").xIsDegraded(true).commitmentDiscountStatus("Used").build();
    CostRecord.Builder copy = CostRecord.builder();
    for (FocusColumn c : FocusColumn.values()) {
      Object v = c.get(record);
      if (v != null) {
        c.set(copy, v);
      }
    }
    assertThat(copy.build()).isEqualTo(record);
    assertThat(FocusColumn.mandatoryColumns()).hasSize(21);
  }

  @Test
  void parsesScientificNotationExactly() {
    assertThat(Money.parse("1.81E-8")).isEqualTo(new BigDecimal("0.0000000181"));
    assertThat(Money.parse(" +2.5 ")).isEqualTo(new BigDecimal("2.5"));
    assertThat(Money.parse("")).isNull();
    assertThat(Money.present(new BigDecimal("2.345"))).isEqualTo(new BigDecimal("2.35"));
  }
}
