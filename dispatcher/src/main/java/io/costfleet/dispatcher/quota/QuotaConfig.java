package io.costfleet.dispatcher.quota;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code costfleet.quota.*}: how quota answers are made and when they are degraded (README, "Degradation,
 * budgets and quota"). Checked at start-up by {@link QuotaSettings#from}, which names a bad key.
 */
@ConfigMapping(prefix = "costfleet.quota")
public interface QuotaConfig {

  /** Data older than this (since its extraction completed) makes answers degraded. */
  @WithDefault("36h")
  Duration staleAfter();

  /** Days of the trailing window the forecast's run rate is taken over. */
  @WithDefault("7")
  int forecastWindowDays();

  Degraded degraded();

  /** The local last-good cache (SQLite file); default {@code <java.io.tmpdir>/costfleet/lastgood-<namespace>.db}. */
  Optional<String> localCache();

  /** Cadence of the circuit and staleness gauges and of the budget check. */
  @WithDefault("30s")
  String refreshEvery();

  /** Cadence of the staging sweep that rebuilds snapshots whose job.completed event this replica missed. */
  @WithDefault("10m")
  String sweepEvery();

  /** Without {@code costfleet.close.rules-file}, the tag whose value is the cost center. */
  @WithDefault("cost_center")
  String costCenterTag();

  /** Without a rule file, the cost center of untagged cost. */
  @WithDefault("unallocated")
  String unattributedCostCenter();

  /** The conservative rules of degraded answers. */
  interface Degraded {
    /** A degraded answer allows a request only within this fraction of each budget (the strict cap). */
    @WithDefault("0.9")
    BigDecimal budgetFactor();

    /** A degraded answer denies any request costing more than this (none by default). */
    Optional<BigDecimal> maxRequest();
  }
}
