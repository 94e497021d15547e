package io.costfleet.job;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Objects;

/** A half-open date window {@code [start, end)} in UTC days. */
public record Window(LocalDate start, LocalDate end) {
  public Window {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (!start.isBefore(end)) {
      throw new IllegalArgumentException("window start " + start + " must be before end " + end);
    }
  }

  /** The whole month. */
  public static Window of(YearMonth period) {
    return new Window(period.atDay(1), period.plusMonths(1).atDay(1));
  }
}
