package io.costfleet.worker.support;

import io.costfleet.dbtelemetry.DbTelemetryConfig;
import io.costfleet.dbtelemetry.DbTelemetrySource;
import io.costfleet.dbtelemetry.TelemetryStore;
import io.costfleet.staging.StagingLayout;
import io.costfleet.state.JobLeases;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The {@code db-telemetry} source, in every worker whose configuration has a
 * {@code costfleet.db-telemetry.*} key: each worker samples the endpoints billed by its provider
 * (the jobs of an endpoint go to its provider's queue). Samples go to {@code telemetry/} under the
 * storage root; the endpoint lock is a job lease ({@code lease:db-telemetry:<endpoint>} in Redis).
 */
@AutoConfiguration(after = WorkerAutoConfiguration.class)
@Conditional(DbTelemetryAutoConfiguration.Configured.class)
@EnableConfigurationProperties(DbTelemetryProperties.class)
public class DbTelemetryAutoConfiguration {

  @Bean
  DbTelemetryConfig costfleetDbTelemetryConfig(DbTelemetryProperties properties) {
    return properties.toConfig();
  }

  @Bean
  DbTelemetrySource costfleetDbTelemetrySource(DbTelemetryConfig config, StagingLayout layout, JobLeases leases,
      WorkerContext worker, Clock clock) {
    return new DbTelemetrySource(config, new TelemetryStore(layout.root()), leases, worker.workerId(), clock);
  }

  /** Some {@code costfleet.db-telemetry.*} key is set (in any property source, environment variables included). */
  static final class Configured extends SpringBootCondition {
    private static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of("costfleet.db-telemetry");

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
      for (ConfigurationPropertySource source : ConfigurationPropertySources.get(context.getEnvironment())) {
        if (source.containsDescendantOf(PREFIX) == ConfigurationPropertyState.PRESENT) {
          return ConditionOutcome.match("costfleet.db-telemetry.* is configured");
        }
      }
      return ConditionOutcome.noMatch("no costfleet.db-telemetry.* key");
    }
  }
}
