package io.costfleet.worker.azure;

import io.costfleet.source.csv.CsvReader;
import io.costfleet.source.csv.CsvRow;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Azure's units of measure ({@code "10 Hours"}, {@code "10K"}, {@code "1 /Month"}) as a pricing
 * block size and a distinct unit, from Microsoft's FinOps toolkit open data
 * ({@code PricingUnits.csv}, MIT, bundled as a resource). A unit the table lacks is read as
 * {@code "<number> <unit>"} (block size and unit), else as one block of itself.
 */
public final class PricingUnits {
  /** A unit of measure resolved: how many distinct units one priced block holds, and their name. */
  public record PricingUnit(BigDecimal blockSize, String distinctUnits) {}

  private static final Pattern NUMBER_AND_UNIT = Pattern.compile("^(\\d+(?:\\.\\d+)?)\\s*([KkMm]?)\\s*(.*)$");
  private static final String RESOURCE = "PricingUnits.csv";

  private final Map<String, PricingUnit> units;

  private PricingUnits(Map<String, PricingUnit> units) {
    this.units = Map.copyOf(units);
  }

  /** The bundled table. */
  public static PricingUnits load() {
    try (InputStream in = PricingUnits.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCE + " is missing from the worker-azure jar");
      }
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** Reads a table with columns {@code UnitOfMeasure, PricingBlockSize, DistinctUnits}. */
  public static PricingUnits read(InputStream in) throws IOException {
    Map<String, PricingUnit> out = new HashMap<>();
    try (CsvReader reader = CsvReader.open(in, RESOURCE)) {
      for (CsvRow row : reader) {
        String unit = row.get("UnitOfMeasure");
        String block = row.get("PricingBlockSize");
        String distinct = row.get("DistinctUnits");
        if (unit == null || block == null || distinct == null) {
          throw new IOException(RESOURCE + " row " + row.position() + " lacks a column");
        }
        // The table lists "1" and "1 " as distinct units of measure; exact text wins, then trimmed.
        out.putIfAbsent(unit, new PricingUnit(new BigDecimal(block.strip()), distinct.strip()));
        out.putIfAbsent(key(unit), new PricingUnit(new BigDecimal(block.strip()), distinct.strip()));
      }
    }
    return new PricingUnits(out);
  }

  private static String key(String unit) {
    return unit.strip().toLowerCase(Locale.ROOT);
  }

  /** The number of units in the table. */
  public int size() {
    return units.size();
  }

  /** Resolves a unit of measure; null for a blank one. */
  public PricingUnit resolve(String unitOfMeasure) {
    if (unitOfMeasure == null || unitOfMeasure.isBlank()) {
      return null;
    }
    PricingUnit exact = units.get(unitOfMeasure);
    if (exact != null) {
      return exact;
    }
    PricingUnit trimmed = units.get(key(unitOfMeasure));
    if (trimmed != null) {
      return trimmed;
    }
    Matcher m = NUMBER_AND_UNIT.matcher(unitOfMeasure.strip());
    if (m.matches()) {
      BigDecimal size = new BigDecimal(m.group(1));
      String multiplier = m.group(2).toUpperCase(Locale.ROOT);
      if (multiplier.equals("K")) {
        size = size.multiply(BigDecimal.valueOf(1_000));
      } else if (multiplier.equals("M")) {
        size = size.multiply(BigDecimal.valueOf(1_000_000));
      }
      String rest = m.group(3).strip();
      if (rest.startsWith("/")) {
        rest = "Units" + rest;
      }
      if (size.signum() > 0) {
        return new PricingUnit(size, rest.isEmpty() ? "Units" : rest);
      }
    }
    return new PricingUnit(BigDecimal.ONE, unitOfMeasure.strip());
  }
}
