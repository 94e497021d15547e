package io.costfleet.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ThresholdTest {

  @Test
  void parsesKindAndPercent() {
    assertThat(Threshold.parse(" actual:80 ")).isEqualTo(new Threshold(Threshold.Kind.ACTUAL, new BigDecimal("80")));
    assertThat(Threshold.parse("Forecast:100%").code()).isEqualTo("forecast-100");
    assertThat(Threshold.parse("actual:87.50").code()).isEqualTo("actual-87.5");
    assertThat(Threshold.parse("actual:80").of(new BigDecimal("1000.00"))).isEqualByComparingTo("800");
  }

  @Test
  void rejectsWhatIsNotAThreshold() {
    assertThatThrownBy(() -> Threshold.parse("80")).hasMessageContaining("actual:<percent>");
    assertThatThrownBy(() -> Threshold.parse("spent:80")).hasMessageContaining("actual or forecast");
    assertThatThrownBy(() -> Threshold.parse("actual:lots")).hasMessageContaining("not a percentage");
    assertThatThrownBy(() -> Threshold.parse("actual:0")).hasMessageContaining("positive");
  }
}
