package io.costfleet.dispatcher.dbtelemetry;

import io.costfleet.dbtelemetry.ByteSizes;
import io.costfleet.dbtelemetry.ComputeDimension;
import io.costfleet.dbtelemetry.DbEndpoint;
import io.costfleet.dbtelemetry.DbTelemetryConfig;
import io.costfleet.dbtelemetry.DbTenant;
import io.costfleet.job.Provider;
import io.smallrye.config.ConfigMapping;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code costfleet.db-telemetry.*}, the block the workers sample by (README, "Sources → Database
 * telemetry"): the dispatcher reads the tenants and their quotas for {@code GET /api/v1/quota/db/{tenant}}.
 * Every key is optional here; {@link #toShared()} validates like the workers do and names the bad key.
 */
@ConfigMapping(prefix = "costfleet.db-telemetry")
public interface DbTelemetryMapping {
  String PREFIX = "costfleet.db-telemetry.";

  List<Endpoint> endpoints();

  Optional<String> unattributedCostCenter();

  /** How often the dispatcher enqueues a sample job per endpoint ({@code off}: never; default 15m). */
  Optional<String> sampleEvery();

  Optional<Duration> staleAfter();

  Optional<BigDecimal> degradedQuotaFactor();

  Optional<Duration> connectTimeout();

  Optional<Duration> queryTimeout();

  Optional<Duration> lockTtl();

  interface Endpoint {
    Optional<String> name();

    Optional<String> provider();

    Optional<String> resourceId();

    Optional<String> jdbcUrl();

    Optional<String> username();

    Optional<String> password();

    Optional<List<String>> databases();

    Optional<String> computeBy();

    List<Tenant> tenants();
  }

  interface Tenant {
    Optional<String> name();

    Optional<String> costCenter();

    Optional<String> database();

    Optional<String> schema();

    Optional<String> role();

    /** {@code 50GB}, {@code 512MB}, bytes. */
    Optional<String> storageQuota();

    Optional<Duration> computeQuota();
  }

  /** The shared configuration, or empty when no endpoint is configured. */
  default Optional<DbTelemetryConfig> toShared() {
    if (endpoints().isEmpty()) {
      return Optional.empty();
    }
    List<DbEndpoint> list = new ArrayList<>();
    for (int i = 0; i < endpoints().size(); i++) {
      Endpoint e = endpoints().get(i);
      String key = PREFIX + "endpoints[" + i + "].";
      Provider provider = e.provider().map(p -> parse(key + "provider", () -> Provider.of(p))).orElse(null);
      ComputeDimension computeBy = e.computeBy().map(c -> parse(key + "compute-by",
          () -> ComputeDimension.valueOf(c.strip().toUpperCase(Locale.ROOT)))).orElse(null);
      List<DbTenant> tenants = new ArrayList<>();
      for (int j = 0; j < e.tenants().size(); j++) {
        Tenant t = e.tenants().get(j);
        String tenantKey = key + "tenants[" + j + "].";
        Long storage = t.storageQuota().map(s -> parse(tenantKey + "storage-quota",
            () -> ByteSizes.parse(s))).orElse(null);
        tenants.add(new DbTenant(t.name().orElse(null), t.costCenter().orElse(null), t.database().orElse(null),
            t.schema().orElse(null), t.role().orElse(null), storage, t.computeQuota().orElse(null)));
      }
      list.add(new DbEndpoint(e.name().orElse(null), provider, e.resourceId().orElse(null), e.jdbcUrl().orElse(null),
          e.username().orElse(null), e.password().orElse(null), e.databases().orElse(null), computeBy, tenants));
    }
    return Optional.of(new DbTelemetryConfig(list, unattributedCostCenter().orElse(null), staleAfter().orElse(null),
        degradedQuotaFactor().orElse(null), connectTimeout().orElse(null), queryTimeout().orElse(null),
        lockTtl().orElse(null)));
  }

  private static <T> T parse(String key, java.util.function.Supplier<T> parser) {
    try {
      return parser.get();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
  }
}
