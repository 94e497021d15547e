package io.costfleet.worker.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.costfleet.dbtelemetry.DbTelemetryConfig;
import io.costfleet.dbtelemetry.DbTelemetrySource;
import io.costfleet.job.Provider;
import io.costfleet.job.Topology;
import io.costfleet.job.WireCodec;
import io.costfleet.staging.StagingLayout;
import io.costfleet.state.InMemoryCoordination;
import io.costfleet.state.JobLeases;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** When the db-telemetry source is registered, how its configuration binds, and how a bad key fails. */
class DbTelemetryAutoConfigurationTest {
  @Configuration
  static class WorkerBeans {
    @Bean
    StagingLayout layout() {
      return new StagingLayout(Path.of("target/dbtel-test-storage"));
    }

    @Bean
    JobLeases leases() {
      return new InMemoryCoordination();
    }

    @Bean
    WorkerContext worker() {
      return new WorkerContext(Provider.AWS, "w1", Topology.defaults(), new WireCodec());
    }

    @Bean
    Clock clock() {
      return Clock.systemUTC();
    }
  }

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withUserConfiguration(WorkerBeans.class, DbTelemetryAutoConfiguration.class);

  private static final String[] ENDPOINT = {
      "costfleet.db-telemetry.endpoints[0].name=orders",
      "costfleet.db-telemetry.endpoints[0].provider=aws",
      "costfleet.db-telemetry.endpoints[0].resource-id=arn:aws:rds:us-east-1:123456789012:db:orders",
      "costfleet.db-telemetry.endpoints[0].jdbc-url=jdbc:postgresql://orders.example:5432/postgres",
      "costfleet.db-telemetry.endpoints[0].username=costfleet_telemetry",
      "costfleet.db-telemetry.endpoints[0].tenants[0].cost-center=cc-payments",
      "costfleet.db-telemetry.endpoints[0].tenants[0].database=payments",
      "costfleet.db-telemetry.endpoints[0].tenants[0].storage-quota=50GB",
      "costfleet.db-telemetry.endpoints[0].tenants[0].compute-quota=200h",
      "costfleet.db-telemetry.stale-after=30m"};

  @Test
  void withoutConfigurationThereIsNoSource() {
    runner.run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(DbTelemetrySource.class));
  }

  @Test
  void anEndpointRegistersTheSourceWithItsBoundConfiguration() {
    runner.withPropertyValues(ENDPOINT).run(ctx -> {
      assertThat(ctx).hasSingleBean(DbTelemetrySource.class);
      assertThat(ctx.getBean(DbTelemetrySource.class).name()).isEqualTo("db-telemetry");
      DbTelemetryConfig config = ctx.getBean(DbTelemetryConfig.class);
      assertThat(config.staleAfter()).isEqualTo(Duration.ofMinutes(30));
      var tenant = config.endpoint("orders").orElseThrow().tenant("cc-payments").orElseThrow();
      assertThat(tenant.storageQuotaBytes()).isEqualTo(50L * 1024 * 1024 * 1024);
      assertThat(tenant.computeQuota()).isEqualTo(Duration.ofHours(200));
    });
  }

  @Test
  void aBadKeyFailsTheStartNamingIt() {
    runner.withPropertyValues(ENDPOINT).withPropertyValues("costfleet.db-telemetry.endpoints[0].resource-id=")
        .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause()
            .hasMessageStartingWith("costfleet.db-telemetry.endpoints[0].resource-id is required"));
  }
}
