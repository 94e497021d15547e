package io.costfleet.dispatcher.period;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A billing period's close status: {@code open} (jobs run, no close asked for), {@code closing} (a close is
 * due once every job of the period is done), {@code closed}, {@code failed} (the close failed; re-arm it).
 */
public enum PeriodStatus {
  OPEN, CLOSING, CLOSED, FAILED;

  @JsonValue
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static PeriodStatus of(String code) {
    return valueOf(code.toUpperCase(Locale.ROOT));
  }
}
