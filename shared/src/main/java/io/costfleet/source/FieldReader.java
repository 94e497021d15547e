package io.costfleet.source;

import io.costfleet.model.Money;
import io.costfleet.validation.Violation;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the text fields of one raw record into typed values and collects a {@link Violation} for
 * every value it cannot parse, so a normalizer reports all problems of a record at once instead of
 * stopping at the first. Blank text and the literals {@code null}/{@code NULL} read as null.
 */
public final class FieldReader {
  private static final DateTimeFormatter SPACE_DATE_TIME = new DateTimeFormatterBuilder()
      .parseCaseInsensitive()
      .append(DateTimeFormatter.ISO_LOCAL_DATE)
      .appendLiteral(' ')
      .append(DateTimeFormatter.ISO_LOCAL_TIME)
      .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
      .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
      .optionalStart().appendOffset("+HH", "Z").optionalEnd()
      .optionalStart().appendLiteral(' ').appendLiteral("UTC").optionalEnd()
      .toFormatter(Locale.ROOT);
  private static final DateTimeFormatter US_DATE = new DateTimeFormatterBuilder()
      .appendValue(ChronoField.MONTH_OF_YEAR, 1, 2, java.time.format.SignStyle.NEVER).appendLiteral('/')
      .appendValue(ChronoField.DAY_OF_MONTH, 1, 2, java.time.format.SignStyle.NEVER).appendLiteral('/')
      .appendValueReduced(ChronoField.YEAR, 2, 4, 2000)
      .optionalStart().appendLiteral(' ')
      .appendValue(ChronoField.HOUR_OF_DAY, 1, 2, java.time.format.SignStyle.NEVER).appendLiteral(':')
      .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
      .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2).optionalEnd()
      .optionalStart().appendLiteral(' ').appendText(ChronoField.AMPM_OF_DAY).optionalEnd()
      .optionalEnd()
      .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
      .toFormatter(Locale.US);

  private final List<Violation> violations = new ArrayList<>();

  /** Null for blank text or a literal null; the stripped text otherwise. */
  public static String text(String raw) {
    if (raw == null) {
      return null;
    }
    String t = raw.strip();
    if (t.isEmpty() || t.equals("null") || t.equals("NULL") || t.equals("None") || t.equals("<NA>")) {
      return null;
    }
    return t;
  }

  /** A decimal (scientific notation included), or null with a violation if it does not parse. */
  public BigDecimal decimal(String field, String raw) {
    String t = text(raw);
    if (t == null) {
      return null;
    }
    try {
      return Money.parse(t);
    } catch (NumberFormatException e) {
      violations.add(new Violation(field, "Decimal", "is not a decimal number", raw));
      return null;
    }
  }

  /**
   * An instant from ISO-8601 ({@code 2024-01-01T00:00:00Z}, with or without zone, fractional
   * seconds), {@code 2024-01-01 00:00:00[ UTC]}, a date ({@code 2024-01-01}, start of day UTC), a
   * compact date ({@code 20240101}), or US dates ({@code 4/1/25}, {@code 01/31/2024}). Times
   * without a zone are UTC.
   */
  public Instant instant(String field, String raw) {
    String t = text(raw);
    if (t == null) {
      return null;
    }
    Instant parsed = parseInstant(t);
    if (parsed == null) {
      violations.add(new Violation(field, "DateTime", "is not a date/time", raw));
    }
    return parsed;
  }

  /** Parses an instant, or returns null. */
  public static Instant parseInstant(String t) {
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException ignored) {
      // next format
    }
    try {
      return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException ignored) {
      // next format
    }
    try {
      var parsed = SPACE_DATE_TIME.parseBest(t, OffsetDateTime::from, LocalDateTime::from);
      return parsed instanceof OffsetDateTime o ? o.toInstant() : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException ignored) {
      // next format
    }
    try {
      return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException ignored) {
      // next format
    }
    if (t.length() == 8 && t.chars().allMatch(Character::isDigit)) {
      try {
        return LocalDate.parse(t, DateTimeFormatter.BASIC_ISO_DATE).atStartOfDay().toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException ignored) {
        // next format
      }
    }
    try {
      return LocalDateTime.parse(t.toUpperCase(Locale.ROOT), US_DATE).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException ignored) {
      return null;
    }
  }

  /** A required text value: null with a violation if missing. */
  public String required(String field, String raw) {
    String t = text(raw);
    if (t == null) {
      violations.add(new Violation(field, "Required", "is required", raw));
    }
    return t;
  }

  /** Adds a violation found by the caller. */
  public void violation(String field, String code, String message, String rejected) {
    violations.add(new Violation(field, code, message, rejected));
  }

  public boolean ok() {
    return violations.isEmpty();
  }

  public List<Violation> violations() {
    return List.copyOf(violations);
  }
}
