package io.costfleet.importer;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.costfleet.model.CostRecord;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an import read and wrote: raw rows read, canonical records staged, raw rows quarantined, and
 * per billing currency the exact sums of BilledCost and EffectiveCost of the staged records. Not
 * thread-safe: one import fills one summary.
 */
public final class ImportSummary {
  private static final ObjectMapper JSON = new ObjectMapper();

  private long rows;
  private long staged;
  private long quarantined;
  private final Map<String, BigDecimal[]> totals = new TreeMap<>();

  void rowRead() {
    rows++;
  }

  void quarantined(long n) {
    quarantined += n;
  }

  void staged(CostRecord r) {
    staged++;
    BigDecimal[] sums = totals.computeIfAbsent(String.valueOf(r.billingCurrency()),
        c -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
    sums[0] = sums[0].add(r.billedCost());
    if (r.effectiveCost() != null) {
      sums[1] = sums[1].add(r.effectiveCost());
    }
  }

  public long rows() {
    return rows;
  }

  public long staged() {
    return staged;
  }

  public long quarantined() {
    return quarantined;
  }

  /** BilledCost total of one currency (zero when none was staged). */
  public BigDecimal billedCost(String currency) {
    BigDecimal[] sums = totals.get(currency);
    return sums == null ? BigDecimal.ZERO : sums[0];
  }

  /** EffectiveCost total of one currency (zero when none was staged). */
  public BigDecimal effectiveCost(String currency) {
    BigDecimal[] sums = totals.get(currency);
    return sums == null ? BigDecimal.ZERO : sums[1];
  }

  /**
   * {@code {"rows":N,"staged":N,"quarantined":N,"totals":{"USD":{"BilledCost":"…","EffectiveCost":"…"}}}},
   * amounts as exact plain decimal strings (no exponent, trailing zeros dropped).
   */
  public String toJson() {
    Map<String, CurrencyTotals> t = new LinkedHashMap<>();
    totals.forEach((currency, sums) -> t.put(currency, new CurrencyTotals(plain(sums[0]), plain(sums[1]))));
    try {
      return JSON.writeValueAsString(new Output(rows, staged, quarantined, t));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @JsonPropertyOrder({"rows", "staged", "quarantined", "totals"})
  private record Output(long rows, long staged, long quarantined, Map<String, CurrencyTotals> totals) {}

  private record CurrencyTotals(@JsonProperty("BilledCost") String billedCost,
      @JsonProperty("EffectiveCost") String effectiveCost) {}

  static String plain(BigDecimal d) {
    return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
  }
}
