package io.costfleet.degrade;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How current the data behind an answer is: whether the answer is degraded (a provider's circuit is
 * open, its data is older than the staleness limit or missing, or Redis was out of reach), when the
 * oldest data it used was extracted, how old that is, and why it is degraded. APIs render it as
 * {@code is_degraded}, {@code data_as_of}, {@code staleness_seconds} and {@code degraded_reasons}.
 *
 * @param asOf      the oldest extraction time of the data used (null: there was none)
 * @param staleness how long before the answer that was (null: no data)
 */
public record Freshness(boolean degraded, Instant asOf, Duration staleness, List<String> reasons) {

  public Freshness {
    reasons = List.copyOf(reasons);
    if (degraded && reasons.isEmpty()) {
      throw new IllegalArgumentException("a degraded answer must say why");
    }
  }

  /** Not degraded: data extracted at {@code asOf}, {@code staleness} ago. */
  public static Freshness fresh(Instant asOf, Duration staleness) {
    return new Freshness(false, asOf, staleness, List.of());
  }

  /** Both: degraded if either is, the older data, every reason. */
  public Freshness and(Freshness other) {
    List<String> all = new ArrayList<>(reasons);
    all.addAll(other.reasons);
    Instant older = asOf == null ? other.asOf : other.asOf == null || asOf.isBefore(other.asOf) ? asOf : other.asOf;
    Duration longer = staleness == null ? other.staleness
        : other.staleness == null || staleness.compareTo(other.staleness) >= 0 ? staleness : other.staleness;
    return new Freshness(degraded || other.degraded, older, longer, all);
  }

  /** Whole seconds of staleness, or null without data. */
  public Long stalenessSeconds() {
    return staleness == null ? null : staleness.toSeconds();
  }
}
