package io.costfleet.dispatcher.dbtelemetry;

import io.costfleet.dbtelemetry.DbQuota;
import io.costfleet.dbtelemetry.TelemetryStore;
import io.costfleet.dispatcher.config.DispatcherConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;

/** Database quota checks over the telemetry store under {@code costfleet.storage.root}. */
@ApplicationScoped
public class DbQuotaBeans {

  @Produces
  @Singleton
  DbQuotas dbQuotas(DbTelemetryMapping mapping, DispatcherConfig config, MeterRegistry registry, Clock clock) {
    return new DbQuotas(mapping.toShared().map(c -> new DbQuota(new TelemetryStore(Path.of(config.storage().root())),
        c, clock)).orElse(null), registry);
  }
}
