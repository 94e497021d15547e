package io.costfleet.quota;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;

/**
 * A budget threshold: a percentage of the budget that month-to-date actual spend, or actual plus
 * forecast spend, must not reach. Written {@code actual:80} or {@code forecast:100}.
 */
public record Threshold(Kind kind, BigDecimal percent) {

  /** What is compared with the threshold. */
  public enum Kind {
    /** Month-to-date actual spend. */
    ACTUAL,
    /** Month-to-date actual plus the forecast of the rest of the period. */
    FORECAST;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Threshold {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(percent, "percent");
    if (percent.signum() <= 0) {
      throw new IllegalArgumentException("a threshold percentage must be positive, was " + percent);
    }
    percent = percent.stripTrailingZeros();
  }

  /**
   * Parses {@code actual:80}, {@code forecast:100} (also {@code actual:80%}).
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static Threshold parse(String text) {
    String t = text == null ? "" : text.strip();
    int colon = t.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("'" + text + "' is not a threshold: write actual:<percent> or forecast:<percent>");
    }
    Kind kind;
    try {
      kind = Kind.valueOf(t.substring(0, colon).strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "': the kind must be actual or forecast");
    }
    String number = t.substring(colon + 1).strip();
    if (number.endsWith("%")) {
      number = number.substring(0, number.length() - 1).strip();
    }
    try {
      return new Threshold(kind, new BigDecimal(number));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "': '" + number + "' is not a percentage");
    }
  }

  /** {@code actual-80}, the threshold's part of event ids and guard keys. */
  public String code() {
    return kind.code() + "-" + percent.toPlainString();
  }

  /** The amount of {@code budget} this threshold stands for. */
  public BigDecimal of(BigDecimal budget) {
    return budget.multiply(percent).movePointLeft(2);
  }

  @Override
  public String toString() {
    return kind.code() + ":" + percent.toPlainString();
  }
}
