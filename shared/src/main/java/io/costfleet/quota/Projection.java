package io.costfleet.quota;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Month-to-date actual spend and the forecast of the rest of the period, by a trailing-window run
 * rate: the data reaches day {@code through} (the last charge day in the data, never after today);
 * the run rate is the mean daily cost of the {@code windowDays} days up to it (fewer at the start of
 * the period; days without cost count as zero), or, for conservative (degraded) answers, the highest
 * daily cost of that window; the forecast is the run rate times the days left after {@code through}
 * up to the end of the period (so the days the data does not cover yet are forecast, not ignored).
 *
 * @param actual        cost of the days up to today
 * @param through       the last day the data covers (the day before the period when it covers none)
 * @param windowDays    days the run rate was taken over (0 without data)
 * @param runRate       daily cost assumed for the rest of the period (10 decimals)
 * @param method        {@code mean} or {@code peak}
 * @param remainingDays days after {@code through} to the end of the period
 * @param forecast      runRate × remainingDays
 */
public record Projection(BigDecimal actual, LocalDate through, int windowDays, BigDecimal runRate, String method,
    long remainingDays, BigDecimal forecast) {

  public static final int RATE_SCALE = 10;

  /** Actual + forecast. */
  public BigDecimal projected() {
    return actual.add(forecast);
  }

  /**
   * @param daily       cost per charge day
   * @param dataThrough the last charge day in the data of every account (null: none)
   * @param peak        take the highest daily cost of the window instead of the mean
   */
  public static Projection of(Map<LocalDate, BigDecimal> daily, YearMonth period, LocalDate today,
      LocalDate dataThrough, int windowDays, boolean peak) {
    LocalDate first = period.atDay(1);
    LocalDate last = period.atEndOfMonth();
    LocalDate cap = today.isAfter(last) ? last : today;
    BigDecimal actual = BigDecimal.ZERO;
    for (Map.Entry<LocalDate, BigDecimal> e : daily.entrySet()) {
      if (!e.getKey().isAfter(cap) && !e.getKey().isBefore(first)) {
        actual = actual.add(e.getValue());
      }
    }
    String method = peak ? "peak" : "mean";
    LocalDate through = dataThrough == null ? first.minusDays(1) : dataThrough.isAfter(cap) ? cap : dataThrough;
    if (through.isBefore(first)) {
      return new Projection(actual, first.minusDays(1), 0, BigDecimal.ZERO.setScale(RATE_SCALE), method, 0,
          BigDecimal.ZERO);
    }
    LocalDate windowStart = through.minusDays(windowDays - 1L);
    if (windowStart.isBefore(first)) {
      windowStart = first;
    }
    int days = (int) ChronoUnit.DAYS.between(windowStart, through) + 1;
    BigDecimal total = BigDecimal.ZERO;
    BigDecimal highest = BigDecimal.ZERO;
    for (LocalDate d = windowStart; !d.isAfter(through); d = d.plusDays(1)) {
      BigDecimal c = daily.getOrDefault(d, BigDecimal.ZERO);
      total = total.add(c);
      highest = c.compareTo(highest) > 0 ? c : highest;
    }
    BigDecimal rate = peak ? highest.setScale(Math.max(RATE_SCALE, highest.scale()), RoundingMode.UNNECESSARY)
        : total.divide(BigDecimal.valueOf(days), RATE_SCALE, RoundingMode.HALF_UP);
    long remaining = ChronoUnit.DAYS.between(through, last);
    return new Projection(actual, through, days, rate, method, remaining, rate.multiply(BigDecimal.valueOf(remaining)));
  }
}
