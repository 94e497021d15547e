package io.costfleet.dbtelemetry;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-tenant storage and compute quota checks from the latest telemetry samples (the
 * {@code GET /quota/db/{tenant}} endpoint). Storage is what the tenant's schemas and databases hold
 * in each endpoint's latest sample; compute is its statements' execution time since the start of
 * the current billing period. When an endpoint's latest sample is older than {@code stale-after}
 * (or it has none), the answer is degraded: flagged, with its staleness, and each quota is enforced
 * against its limit × {@code degraded-quota-factor}. Thread-safe; month-to-date compute is
 * recomputed only when an endpoint has a new sample.
 */
public final class DbQuota {
  private record Cached(Path latestFile, YearMonth period, ResourceConsumption byTenant) {}

  private final TelemetryStore store;
  private final DbTelemetryConfig config;
  private final Clock clock;
  private final ConsumptionReader reader;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  public DbQuota(TelemetryStore store, DbTelemetryConfig config, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.reader = new ConsumptionReader(store, config);
  }

  /**
   * Checks a tenant's quotas for a request of {@code bytes} more storage and {@code computeSeconds}
   * more execution time (both may be zero). Empty if no endpoint has a tenant of that name.
   */
  public Optional<DbQuotaStatus> check(String tenant, long bytes, BigDecimal computeSeconds) throws IOException {
    List<DbEndpoint> endpoints = config.endpointsOfTenant(tenant);
    if (endpoints.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    YearMonth period = YearMonth.from(now.atZone(ZoneOffset.UTC));
    DbTenant first = endpoints.get(0).tenant(tenant).orElseThrow();
    long storageQuota = 0;
    boolean hasStorageQuota = false;
    Duration computeQuota = Duration.ZERO;
    boolean hasComputeQuota = false;
    long usedBytes = 0;
    BigDecimal usedMicros = BigDecimal.ZERO;
    Instant oldest = null;
    boolean missing = false;
    List<String> names = new ArrayList<>();
    for (DbEndpoint e : endpoints) {
      names.add(e.name());
      DbTenant t = e.tenant(tenant).orElseThrow();
      if (t.storageQuotaBytes() != null) {
        hasStorageQuota = true;
        storageQuota += t.storageQuotaBytes();
      }
      if (t.computeQuota() != null) {
        hasComputeQuota = true;
        computeQuota = computeQuota.plus(t.computeQuota());
      }
      Optional<Path> latestFile = store.latestFile(e.name());
      if (latestFile.isEmpty()) {
        missing = true;
        continue;
      }
      Sample latest = store.read(latestFile.get());
      oldest = oldest == null || latest.sampledAt().isBefore(oldest) ? latest.sampledAt() : oldest;
      TenantMatcher matcher = new TenantMatcher(e.tenants());
      for (UsageRow r : latest.rows()) {
        if (r.scope() == Scope.STORAGE && matcher.match(r.database(), r.schema(), r.role())
            instanceof TenantMatcher.Claimed c && c.tenant().name().equals(tenant)) {
          usedBytes += r.bytes();
        }
      }
      usedMicros = usedMicros.add(monthToDate(e, latestFile.get(), period, now).measure(Component.COMPUTE)
          .getOrDefault(tenant, BigDecimal.ZERO));
    }
    Duration staleness = oldest == null ? null : Duration.between(oldest, now);
    boolean degraded = missing || staleness.compareTo(config.staleAfter()) > 0;
    BigDecimal factor = degraded ? config.degradedQuotaFactor() : BigDecimal.ONE;
    DbQuotaStatus.Dimension storage = dimension("bytes", BigDecimal.valueOf(usedBytes), BigDecimal.valueOf(bytes),
        hasStorageQuota ? BigDecimal.valueOf(storageQuota) : null, factor);
    BigDecimal usedSeconds = usedMicros.divide(BigDecimal.valueOf(1_000_000), 6, RoundingMode.HALF_EVEN);
    DbQuotaStatus.Dimension compute = dimension("seconds", usedSeconds, computeSeconds,
        hasComputeQuota ? BigDecimal.valueOf(computeQuota.toMillis()).movePointLeft(3) : null, factor);
    return Optional.of(new DbQuotaStatus(tenant, first.costCenter(), period, names, storage, compute, oldest, staleness,
        degraded, storage.allowed() && compute.allowed()));
  }

  private ResourceConsumption monthToDate(DbEndpoint e, Path latestFile, YearMonth period, Instant now)
      throws IOException {
    Cached c = cache.get(e.name());
    if (c != null && c.latestFile().equals(latestFile) && c.period().equals(period)) {
      return c.byTenant();
    }
    ResourceConsumption fresh = reader.readByTenant(e, period, now);
    cache.put(e.name(), new Cached(latestFile, period, fresh));
    return fresh;
  }

  private static DbQuotaStatus.Dimension dimension(String unit, BigDecimal used, BigDecimal requested, BigDecimal limit,
      BigDecimal factor) {
    if (requested.signum() < 0) {
      throw new IllegalArgumentException("a requested " + unit + " amount must not be negative, was " + requested);
    }
    if (limit == null) {
      return new DbQuotaStatus.Dimension(unit, used, requested, null, null, true);
    }
    BigDecimal effective = limit.multiply(factor);
    return new DbQuotaStatus.Dimension(unit, used, requested, limit, effective,
        used.add(requested).compareTo(effective) <= 0);
  }
}
