package io.costfleet.dispatcher.period;

import io.costfleet.close.CloseOptions;
import io.costfleet.close.CloseResult;
import io.costfleet.close.CloseSummary;
import io.costfleet.close.ManifestPolicy;
import io.costfleet.close.PeriodClose;
import io.costfleet.close.allocation.AllocationRules;
import io.costfleet.close.allocation.DriverRegistry;
import io.costfleet.close.allocation.RuleFileException;
import io.costfleet.close.reconcile.GroundTruthTotals;
import io.costfleet.close.reconcile.ProviderTotals;
import io.costfleet.dbtelemetry.DbConsumptionDriver;
import io.costfleet.dbtelemetry.DbTelemetryConfig;
import io.costfleet.dbtelemetry.TelemetryStore;
import io.costfleet.dispatcher.config.DispatcherConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The {@link PeriodCloser} that runs the close engine ({@link PeriodClose}: dedupe, reconcile, allocate,
 * chargeback and reports under the storage root) with the options of {@code costfleet.close.*} and the
 * accounts' business-unit hints of the request (the hierarchy stage's last fallback).
 */
public final class EngineCloser implements PeriodCloser {
  private final PeriodClose engine;
  private final Function<Path, CloseOptions> options;

  public EngineCloser(PeriodClose engine, Function<Path, CloseOptions> options) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.options = Objects.requireNonNull(options, "options");
  }

  /**
   * From the configuration (which names a rule file).
   *
   * @throws IllegalArgumentException naming the key of a file that does not exist
   */
  public static EngineCloser of(DispatcherConfig.CloseConfig config, MeterRegistry meters) {
    return of(config, meters, Optional.empty());
  }

  /**
   * From the configuration, with the {@code db-consumption} driver over the database telemetry
   * under the storage root when {@code costfleet.db-telemetry} has endpoints.
   *
   * @throws IllegalArgumentException naming the key of a file that does not exist
   */
  public static EngineCloser of(DispatcherConfig.CloseConfig config, MeterRegistry meters,
      Optional<DbTelemetryConfig> dbTelemetry) {
    check(config);
    Path rules = Path.of(config.rulesFile().orElseThrow());
    Path rates = config.ratesFile().map(f -> existing("costfleet.close.rates-file", f)).orElse(null);
    List<ProviderTotals> truth = new ArrayList<>();
    for (String t : config.truth().orElse(List.of())) {
      truth.add(t.startsWith("http://") || t.startsWith("https://") ? GroundTruthTotals.fromSimulator(URI.create(t))
          : GroundTruthTotals.fromFile(existing("costfleet.close.truth", t)));
    }
    return new EngineCloser(new PeriodClose(meters), root -> CloseOptions.of(root, rules)
        .withDrivers(drivers(root, dbTelemetry))
        .withRates(rates)
        .withBaseCurrency(config.baseCurrency())
        .withTolerance(config.tolerance())
        .withProviderTotals(truth)
        .withDatasetPreference(config.datasets().orElse(null))
        .withManifests(config.acceptUnmarked() ? ManifestPolicy.AUTO : ManifestPolicy.REQUIRE)
        .withEngine(config.threads(), config.memory(), null));
  }

  /**
   * Checks that the files the configuration names exist.
   *
   * @throws IllegalArgumentException naming the key of a missing file
   */
  public static void check(DispatcherConfig.CloseConfig config) {
    config.rulesFile().ifPresent(f -> existing("costfleet.close.rules-file", f));
    config.ratesFile().ifPresent(f -> existing("costfleet.close.rates-file", f));
    for (String t : config.truth().orElse(List.of())) {
      if (!t.startsWith("http://") && !t.startsWith("https://")) {
        existing("costfleet.close.truth", t);
      }
    }
  }

  /**
   * {@link #check(DispatcherConfig.CloseConfig)}, then reads the rule file with the drivers the close will
   * have, so a rule file that does not parse, or names an unknown key, driver or cost center, fails the
   * start instead of the first close.
   *
   * @throws IllegalArgumentException naming the key, the file and the line
   */
  public static void check(DispatcherConfig.CloseConfig config, Path storageRoot, Optional<DbTelemetryConfig> dbTelemetry) {
    check(config);
    if (config.rulesFile().isEmpty()) {
      return;
    }
    Path rules = Path.of(config.rulesFile().get());
    try {
      AllocationRules.load(rules, drivers(storageRoot, dbTelemetry));
    } catch (RuleFileException e) {
      throw new IllegalArgumentException("costfleet.close.rules-file: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("costfleet.close.rules-file: cannot read " + rules.toAbsolutePath() + ": "
          + e.getMessage(), e);
    }
  }

  private static DriverRegistry drivers(Path storageRoot, Optional<DbTelemetryConfig> dbTelemetry) {
    return dbTelemetry.map(db -> DbConsumptionDriver.registry(new TelemetryStore(storageRoot), db))
        .orElse(DriverRegistry.builtins());
  }

  /** Provider code → account id → business unit, as the close engine takes them. */
  static Map<String, Map<String, String>> hints(PeriodCloseRequest request) {
    Map<String, Map<String, String>> out = new TreeMap<>();
    request.businessUnits().forEach((provider, accounts) -> out.put(provider.code(), accounts));
    return out;
  }

  private static Path existing(String key, String file) {
    Path p = Path.of(file);
    if (!Files.isRegularFile(p)) {
      throw new IllegalArgumentException(key + ": no such file " + p.toAbsolutePath());
    }
    return p;
  }

  @Override
  public Result close(PeriodCloseRequest request) {
    CloseResult result = engine.close(request.period(), options.apply(request.storageRoot())
        .withAccountBusinessUnits(hints(request)));
    if (result instanceof CloseResult.Passed passed) {
      CloseSummary s = passed.summary();
      return new Closed(String.format("%d records kept (%d duplicates dropped), billed %s, effective %s %s, rules %s;"
              + " %s", s.keptRecords(), s.duplicatesDropped(), s.billedTotal().toPlainString(),
          s.effectiveTotal().toPlainString(), s.baseCurrency(), s.rulesVersion(), String.join(", ", s.reports())));
    }
    CloseResult.Failed failed = (CloseResult.Failed) result;
    return new Failed(String.join("; ", failed.reasons())
        + (failed.partitionsToReextract().isEmpty() ? "" : "; re-extract " + String.join(", ",
            failed.partitionsToReextract())));
  }
}
