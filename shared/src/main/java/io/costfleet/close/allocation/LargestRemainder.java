package io.costfleet.close.allocation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Splits an amount in proportion to weights so the shares add up to the amount exactly. Shares are
 * whole units of the amount's last digit, and never finer than a cent: 100.00 by 1:1:1 gives
 * 33.34 + 33.33 + 33.33. Each share is first rounded toward negative infinity; the units left over
 * go one each to the largest remainders, ties to the name that sorts first. Negative amounts
 * (credits) split the same way.
 */
public final class LargestRemainder {
  /** Storage precision of amounts (Parquet DECIMAL(38,18)). */
  public static final int MAX_SCALE = 18;

  private LargestRemainder() {}

  /**
   * @param weights non-negative, at least one positive
   * @return a share for every positively weighted name, sorted by name
   */
  public static SortedMap<String, BigDecimal> split(BigDecimal amount, Map<String, BigDecimal> weights) {
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
    BigInteger units = amount.setScale(scale, java.math.RoundingMode.HALF_EVEN).unscaledValue();
    int weightScale = positive.values().stream().mapToInt(w -> Math.max(0, w.stripTrailingZeros().scale())).max().orElse(0);
    BigInteger total = BigInteger.ZERO;
    Map<String, BigInteger> intWeights = new TreeMap<>();
    for (Map.Entry<String, BigDecimal> e : positive.entrySet()) {
      BigInteger w = e.getValue().setScale(weightScale).unscaledValue();
      intWeights.put(e.getKey(), w);
      total = total.add(w);
    }
    record Part(String name, BigInteger base, BigInteger remainder) {}
    List<Part> parts = new ArrayList<>();
    BigInteger assigned = BigInteger.ZERO;
    for (Map.Entry<String, BigInteger> e : intWeights.entrySet()) {
      BigInteger product = units.multiply(e.getValue());
      BigInteger[] qr = product.divideAndRemainder(total);
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
    List<Part> byRemainder = new ArrayList<>(parts);
    byRemainder.sort(Comparator.comparing(Part::remainder).reversed().thenComparing(Part::name));
    SortedMap<String, BigDecimal> out = new TreeMap<>();
    for (int i = 0; i < byRemainder.size(); i++) {
      Part p = byRemainder.get(i);
      BigInteger u = i < leftover ? p.base().add(BigInteger.ONE) : p.base();
      out.put(p.name(), new BigDecimal(u, scale));
    }
    return out;
  }
}
