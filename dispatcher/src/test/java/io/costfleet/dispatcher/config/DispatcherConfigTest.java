package io.costfleet.dispatcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.costfleet.dispatcher.TestConfigs;
import io.costfleet.job.Dataset;
import io.costfleet.job.Provider;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DispatcherConfigTest {

  @Test
  void bindsTheFleetAndTheDefaults() {
    DispatcherConfig config = TestConfigs.bind(Map.of(
        "costfleet.providers.aws.accounts.123456789012.business-unit", "retail",
        "costfleet.providers.aws.accounts.123456789012.sources.cost-explorer", "usage,amortized",
        "costfleet.providers.aws.accounts.123456789012.sources.cur[0]", "focus",
        "costfleet.providers.azure.enabled", "false"));
    assertThat(config.topology().namespace()).isEqualTo("costfleet");
    assertThat(config.rabbitmq().port()).isEqualTo(5672);
    assertThat(config.redis().keyPrefix()).isEqualTo("costfleet:");
    assertThat(config.enqueue().confirmTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.tracking().supersededRetention()).isEqualTo(Duration.ofDays(30));
    assertThat(config.schedules().daily().cron()).isEqualTo(new Cron("0 15 2 * * ?"));
    assertThat(TestConfigs.bind(Map.of("costfleet.schedules.month-end.cron", "off")).schedules().monthEnd().cron()
        .disabled()).isTrue();

    FleetCatalog catalog = FleetCatalog.from(config.providers());
    assertThat(catalog.providers()).containsExactly(Provider.AWS);
    assertThat(catalog.disabled(Provider.AZURE)).isTrue();
    FleetCatalog.Account account = catalog.account(Provider.AWS, "123456789012").orElseThrow();
    assertThat(account.businessUnit()).contains("retail");
    assertThat(account.sources()).containsEntry("cost-explorer", java.util.List.of(Dataset.USAGE, Dataset.AMORTIZED))
        .containsEntry("cur", java.util.List.of(Dataset.FOCUS));
  }

  @Test
  void everyCatalogMistakeIsReportedWithItsKey() {
    Map<String, String> bad = Map.of(
        "costfleet.providers.oracle.accounts.a1.sources.billing", "usage",
        "costfleet.providers.aws.accounts.123.business-unit", "retail",
        "costfleet.providers.gcp.accounts.bad*id.sources.bigquery", "usage",
        "costfleet.providers.azure.accounts.sub-1.sources.Query_API", "usage");
    assertThatThrownBy(() -> TestConfigs.catalog(bad))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("costfleet.providers.oracle: unknown provider 'oracle'")
        .hasMessageContaining("costfleet.providers.aws.accounts.123.sources: at least one source")
        .hasMessageContaining("costfleet.providers.gcp.accounts.bad*id: account id must match")
        .hasMessageContaining("costfleet.providers.azure.accounts.sub-1.sources.Query_API: source name must match")
        .satisfies(e -> assertThat(((ConfigurationException) e).getConfigKeys()).contains(
            "costfleet.providers.oracle", "costfleet.providers.aws.accounts.123.sources"));
  }

  @Test
  void anUnknownDatasetFailsNamingItsKey() {
    assertThatThrownBy(() -> TestConfigs.bind(Map.of(
        "costfleet.providers.aws.accounts.123.sources.cost-explorer", "usage,blended")))
        .hasMessageContaining("costfleet.providers.aws.accounts.123.sources.cost-explorer")
        .hasMessageContaining("blended");
  }

  @Test
  void aBadScheduleFailsNamingItsKey() {
    assertThatThrownBy(() -> TestConfigs.bind(Map.of("costfleet.schedules.daily.cron", "0 61 2 * * ?")))
        .hasMessageContaining("costfleet.schedules.daily.cron").hasMessageContaining("not a Quartz cron expression");
  }

  @Test
  void anUnconvertibleNumberFailsNamingItsKey() {
    assertThatThrownBy(() -> TestConfigs.bind(Map.of("costfleet.rabbitmq.port", "amqp")))
        .hasMessageContaining("costfleet.rabbitmq.port");
  }
}
