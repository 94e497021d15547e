package io.costfleet.model;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Exact decimal parsing and presentation rounding for money and quantities. */
public final class Money {
  /** Scale used where a figure is presented (reports), never for storage or sums. */
  public static final int PRESENTATION_SCALE = 2;

  private Money() {}

  /**
   * Parses a decimal exactly, including scientific notation ({@code 1.81E-8}), a leading
   * {@code +}, surrounding blanks and thousands-free plain numbers. Returns null for null or blank.
   *
   * @throws NumberFormatException if the text is not a finite decimal
   */
  public static BigDecimal parse(String text) {
    if (text == null) {
      return null;
    }
    String t = text.strip();
    if (t.isEmpty()) {
      return null;
    }
    if (t.startsWith("+")) {
      t = t.substring(1);
    }
    if (t.equalsIgnoreCase("nan") || t.toLowerCase().contains("inf")) {
      throw new NumberFormatException("not a finite decimal: " + text);
    }
    return new BigDecimal(t);
  }

  /** Rounds HALF_UP to cents for presentation. */
  public static BigDecimal present(BigDecimal amount) {
    return amount == null ? null : amount.setScale(PRESENTATION_SCALE, RoundingMode.HALF_UP);
  }

  /** Null-safe sum. */
  public static BigDecimal add(BigDecimal a, BigDecimal b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : a.add(b);
  }

  /** Plain string without exponent, trailing zeros stripped, "0" for zero. */
  public static String plain(BigDecimal amount) {
    if (amount == null) {
      return null;
    }
    if (amount.signum() == 0) {
      return "0";
    }
    return amount.stripTrailingZeros().toPlainString();
  }
}
