package io.costfleet.close.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.BigRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

class LargestRemainderTest {

  static Map<String, BigDecimal> w(Object... kv) {
    Map<String, BigDecimal> m = new TreeMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], new BigDecimal(kv[i + 1].toString()));
    }
    return m;
  }

  @Test
  void aHundredByThreeGivesTheExtraPennyToTheFirstNameOnATie() {
    assertThat(LargestRemainder.split(new BigDecimal("100.00"), w("c", 1, "a", 1, "b", 1)))
        .isEqualTo(new TreeMap<>(Map.of("a", new BigDecimal("33.34"), "b", new BigDecimal("33.33"), "c", new BigDecimal("33.33"))));
  }

  @Test
  void theLargestRemainderGetsThePenny() {
    // 10.00 × 180/230 = 7.826… (rem .61) and × 50/230 = 2.173… (rem .39): 7.83 + 2.17
    assertThat(LargestRemainder.split(new BigDecimal("10.00"), w("web", 180, "data", 50)))
        .containsEntry("web", new BigDecimal("7.83")).containsEntry("data", new BigDecimal("2.17"));
  }

  @Test
  void creditsSplitTheSameWayAndSubCentPoolsKeepTheirDigits() {
    assertThat(LargestRemainder.split(new BigDecimal("-100.00"), w("a", 1, "b", 1, "c", 1)).values())
        .extracting(BigDecimal::toPlainString).containsExactly("-33.33", "-33.33", "-33.34");
    assertThat(LargestRemainder.split(new BigDecimal("0.001"), w("a", 1, "b", 1)))
        .containsEntry("a", new BigDecimal("0.001")).containsEntry("b", new BigDecimal("0.000"));
  }

  @Test
  void zeroWeightsReceiveNothingAndNoPositiveWeightIsAnError() {
    assertThat(LargestRemainder.split(new BigDecimal("5.00"), w("a", 0, "b", "0.5"))).containsOnlyKeys("b");
    assertThatThrownBy(() -> LargestRemainder.split(BigDecimal.TEN, w("a", 0))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LargestRemainder.split(BigDecimal.TEN, w("a", -1, "b", 2)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Property(tries = 300)
  void sharesAddUpExactlyAndStayWithinOneUnitOfTheExactProportion(
      @ForAll @BigRange(min = "-100000", max = "100000") @Scale(4) BigDecimal amount,
      @ForAll @IntRange(min = 0, max = 1000) int w1, @ForAll @IntRange(min = 1, max = 1000) int w2,
      @ForAll @IntRange(min = 0, max = 1000) int w3) {
    Map<String, BigDecimal> weights = w("a", w1, "b", w2, "c", w3);
    Map<String, BigDecimal> shares = LargestRemainder.split(amount, weights);
    assertThat(shares.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(amount);
    int scale = Math.max(2, amount.stripTrailingZeros().scale());
    BigDecimal unit = BigDecimal.ONE.movePointLeft(scale);
    BigDecimal total = BigDecimal.valueOf((long) w1 + w2 + w3);
    shares.forEach((k, v) -> {
      BigDecimal exact = amount.multiply(weights.get(k)).divide(total, 30, java.math.RoundingMode.HALF_EVEN);
      assertThat(v.subtract(exact).abs()).isLessThan(unit);
    });
  }
}
