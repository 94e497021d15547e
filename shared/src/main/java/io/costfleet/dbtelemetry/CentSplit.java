package io.costfleet.dbtelemetry;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Splits an amount in proportion to weights so the shares add up to it exactly (largest
 * remainder): shares are whole units of the amount's last digit and never finer than a cent;
 * each share is rounded toward negative infinity and the units left over go one each to the
 * largest remainders, ties to the name that sorts first. The same method as the close's
 * {@code LargestRemainder}; credits (negative amounts) split the same way.
 */
final class CentSplit {
  private static final int MAX_SCALE = 18;

  private CentSplit() {}

  /** A share for every positively weighted name, sorted by name; {@code weights} needs one positive. */
  static SortedMap<String, BigDecimal> split(BigDecimal amount, Map<String, BigDecimal> weights) {
    SortedMap<String, BigDecimal> positive = new TreeMap<>();
    weights.forEach((k, w) -> {
      if (w.signum() < 0) {
        throw new IllegalArgumentException("negative weight " + w + " for " + k);
      }
      if (w.signum() > 0) {
        positive.put(k, w);
      }
    });
    if (positive.isEmpty()) {
      throw new IllegalArgumentException("no positive weight");
    }
    int scale = Math.min(MAX_SCALE, Math.max(2, amount.stripTrailingZeros().scale()));
    BigInteger units = amount.setScale(scale, RoundingMode.HALF_EVEN).unscaledValue();
    int weightScale = positive.values().stream().mapToInt(w -> Math.max(0, w.stripTrailingZeros().scale())).max()
        .orElse(0);
    Map<String, BigInteger> intWeights = new TreeMap<>();
    BigInteger total = BigInteger.ZERO;
    for (Map.Entry<String, BigDecimal> e : positive.entrySet()) {
      BigInteger w = e.getValue().setScale(weightScale, RoundingMode.UNNECESSARY).unscaledValue();
      intWeights.put(e.getKey(), w);
      total = total.add(w);
    }
    record Part(String name, BigInteger base, BigInteger remainder) {}
    List<Part> parts = new ArrayList<>();
    BigInteger assigned = BigInteger.ZERO;
    for (Map.Entry<String, BigInteger> e : intWeights.entrySet()) {
      BigInteger[] qr = units.multiply(e.getValue()).divideAndRemainder(total);
      BigInteger base = qr[0];
      BigInteger rem = qr[1];
      if (rem.signum() < 0) {
        base = base.subtract(BigInteger.ONE);
        rem = rem.add(total);
      }
      parts.add(new Part(e.getKey(), base, rem));
      assigned = assigned.add(base);
    }
    int leftover = units.subtract(assigned).intValueExact();
    parts.sort(Comparator.comparing(Part::remainder).reversed().thenComparing(Part::name));
    SortedMap<String, BigDecimal> out = new TreeMap<>();
    for (int i = 0; i < parts.size(); i++) {
      Part p = parts.get(i);
      out.put(p.name(), new BigDecimal(i < leftover ? p.base().add(BigInteger.ONE) : p.base(), scale));
    }
    return out;
  }
}
