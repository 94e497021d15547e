package io.costfleet.close.currency;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Dated exchange rates into one base currency. File format (CSV, UTF-8, {@code #} comments):
 *
 * <pre>
 * base_currency,currency,valid_from,rate
 * USD,EUR,2026-10-01,1.0842
 * USD,EUR,2026-10-16,1.0790
 * USD,JPY,2026-10-01,0.0066
 * </pre>
 *
 * One unit of {@code currency} is {@code rate} units of {@code base_currency}, from
 * {@code valid_from} (inclusive, UTC day) until the next row of the same currency. Every row names
 * the same base currency; the base converts to itself at 1. Conversion is exact; amounts are kept
 * at 18 decimals (the storage precision) and rounded HALF_UP only where a report shows them.
 */
public final class RateTable {
  private final String base;
  private final Map<String, NavigableMap<LocalDate, BigDecimal>> rates;

  private RateTable(String base, Map<String, NavigableMap<LocalDate, BigDecimal>> rates) {
    this.base = base;
    this.rates = rates;
  }

  /** Only the base currency: any other currency fails conversion. */
  public static RateTable identity(String base) {
    return new RateTable(base.toUpperCase(Locale.ROOT), Map.of());
  }

  public static RateTable load(Path file) throws IOException {
    return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.getFileName().toString());
  }

  static RateTable parse(List<String> lines, String name) {
    String base = null;
    Map<String, NavigableMap<LocalDate, BigDecimal>> rates = new TreeMap<>();
    boolean header = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      int n = i + 1;
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split(",", -1);
      if (!header) {
        if (!line.replace(" ", "").equalsIgnoreCase("base_currency,currency,valid_from,rate")) {
          throw new IllegalArgumentException(name + " line " + n + ": header must be base_currency,currency,valid_from,rate");
        }
        header = true;
        continue;
      }
      if (f.length != 4) {
        throw new IllegalArgumentException(name + " line " + n + ": expected 4 fields, got " + f.length);
      }
      String rowBase = code(f[0], name, n);
      String currency = code(f[1], name, n);
      if (base == null) {
        base = rowBase;
      } else if (!base.equals(rowBase)) {
        throw new IllegalArgumentException(name + " line " + n + ": base currency " + rowBase + " differs from " + base);
      }
      LocalDate from;
      BigDecimal rate;
      try {
        from = LocalDate.parse(f[2].strip());
        rate = new BigDecimal(f[3].strip());
      } catch (DateTimeParseException | NumberFormatException e) {
        throw new IllegalArgumentException(name + " line " + n + ": " + e.getMessage());
      }
      if (rate.signum() <= 0) {
        throw new IllegalArgumentException(name + " line " + n + ": rate must be positive");
      }
      if (rates.computeIfAbsent(currency, c -> new TreeMap<>()).put(from, rate) != null) {
        throw new IllegalArgumentException(name + " line " + n + ": second rate for " + currency + " from " + from);
      }
    }
    if (base == null) {
      throw new IllegalArgumentException(name + ": no rates");
    }
    return new RateTable(base, rates);
  }

  private static String code(String s, String name, int n) {
    String c = s.strip().toUpperCase(Locale.ROOT);
    if (!c.matches("[A-Z]{3}")) {
      throw new IllegalArgumentException(name + " line " + n + ": '" + s + "' is not a currency code");
    }
    return c;
  }

  public String baseCurrency() {
    return base;
  }

  /** The rate of a currency on a day, or empty when the table has none in force. */
  public Optional<BigDecimal> rate(String currency, LocalDate day) {
    String c = currency.toUpperCase(Locale.ROOT);
    if (c.equals(base)) {
      return Optional.of(BigDecimal.ONE);
    }
    NavigableMap<LocalDate, BigDecimal> byDay = rates.get(c);
    if (byDay == null) {
      return Optional.empty();
    }
    Map.Entry<LocalDate, BigDecimal> e = byDay.floorEntry(day);
    return e == null ? Optional.empty() : Optional.of(e.getValue());
  }

  /** {@code amount × rate}, kept at 18 decimals (HALF_EVEN at the 18th, as storage does). */
  public BigDecimal convert(BigDecimal amount, String currency, LocalDate day) throws MissingRateException {
    BigDecimal r = rate(currency, day).orElseThrow(() -> new MissingRateException(currency, day, base));
    BigDecimal v = r.compareTo(BigDecimal.ONE) == 0 ? amount : amount.multiply(r);
    return v.scale() > 18 ? v.setScale(18, RoundingMode.HALF_EVEN) : v;
  }

  /** No rate in force for a currency on a day. */
  public static final class MissingRateException extends Exception {
    public MissingRateException(String currency, LocalDate day, String base) {
      super("no exchange rate from " + currency + " to " + base + " in force on " + day);
    }
  }
}
