package io.costfleet.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ProjectionTest {
  private static final YearMonth NOV = YearMonth.of(2026, 11);

  private static Map<LocalDate, BigDecimal> days(String... dayCost) {
    Map<LocalDate, BigDecimal> m = new TreeMap<>();
    for (String s : dayCost) {
      String[] p = s.split("=");
      m.put(LocalDate.parse(p[0]), new BigDecimal(p[1]));
    }
    return m;
  }

  @Test
  void meanOfTheTrailingWindowTimesTheDaysLeftAfterTheData() {
    // data through the 10th; today the 12th: the 11th..30th (20 days) are forecast
    Map<LocalDate, BigDecimal> d = days("2026-11-01=100", "2026-11-04=10", "2026-11-08=30", "2026-11-10=40");
    Projection p = Projection.of(d, NOV, LocalDate.parse("2026-11-12"), LocalDate.parse("2026-11-10"), 7, false);
    assertThat(p.actual()).isEqualByComparingTo("180");
    assertThat(p.through()).isEqualTo(LocalDate.parse("2026-11-10"));
    assertThat(p.windowDays()).isEqualTo(7);
    assertThat(p.runRate()).isEqualByComparingTo("11.4285714286"); // (10+30+40)/7 over the 4th..10th
    assertThat(p.remainingDays()).isEqualTo(20);
    assertThat(p.forecast()).isEqualByComparingTo("228.571428572");
    assertThat(p.method()).isEqualTo("mean");
  }

  @Test
  void peakTakesTheHighestDayOfTheWindowAndTheWindowStartsWithThePeriod() {
    Map<LocalDate, BigDecimal> d = days("2026-11-01=5", "2026-11-02=9", "2026-11-03=1");
    Projection p = Projection.of(d, NOV, LocalDate.parse("2026-11-03"), LocalDate.parse("2026-11-03"), 7, true);
    assertThat(p.windowDays()).isEqualTo(3);
    assertThat(p.runRate()).isEqualByComparingTo("9");
    assertThat(p.forecast()).isEqualByComparingTo("243"); // 27 days x 9
    assertThat(p.projected()).isEqualByComparingTo("258");
  }

  @Test
  void chargesDatedAfterTodayAreNotActualAndDataIsCappedAtToday() {
    Map<LocalDate, BigDecimal> d = days("2026-11-01=10", "2026-11-02=10", "2026-11-20=999");
    Projection p = Projection.of(d, NOV, LocalDate.parse("2026-11-02"), LocalDate.parse("2026-11-20"), 7, false);
    assertThat(p.actual()).isEqualByComparingTo("20");
    assertThat(p.through()).isEqualTo(LocalDate.parse("2026-11-02"));
    assertThat(p.forecast()).isEqualByComparingTo("280"); // 28 days x 10
  }

  @Test
  void noDataNoForecastAndAClosedPeriodHasNothingLeft() {
    Projection none = Projection.of(Map.of(), NOV, LocalDate.parse("2026-11-05"), null, 7, false);
    assertThat(none.actual()).isZero();
    assertThat(none.forecast()).isZero();
    assertThat(none.windowDays()).isZero();
    Projection past = Projection.of(days("2026-11-30=3"), NOV, LocalDate.parse("2026-12-05"),
        LocalDate.parse("2026-11-30"), 7, false);
    assertThat(past.remainingDays()).isZero();
    assertThat(past.projected()).isEqualByComparingTo("3");
  }
}
