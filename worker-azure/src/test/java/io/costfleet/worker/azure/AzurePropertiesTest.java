package io.costfleet.worker.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad configuration fails at start-up, naming the key. */
class AzurePropertiesTest {
  private static AzureProperties.Query query(AzureProperties.Grouping grouping) {
    return new AzureProperties.Query(true, URI.create("https://management.azure.com"), "2023-03-01",
        "https://management.azure.com/.default", grouping);
  }

  private static AzureProperties.Grouping defaults() {
    return new AzureProperties.Grouping(List.of("SubscriptionId", "ServiceName"),
        List.of("ResourceGroupName", "ServiceName"), List.of("ResourceId", "ServiceName"));
  }

  private static AzureProperties.Exports exports() {
    return new AzureProperties.Exports(null, "costexports", "exports/{account}", null, 5000, null);
  }

  private static AzureProperties props(String credential, Map<String, AzureProperties.Account> accounts) {
    return new AzureProperties(credential, "costfleet", Duration.ofSeconds(60), null, query(defaults()), exports(),
        accounts);
  }

  @Test
  void moreThanTwoGroupingDimensionsNameTheKey() {
    AzureProperties.Grouping three = new AzureProperties.Grouping(List.of("SubscriptionId", "ServiceName", "MeterCategory"),
        List.of("ResourceGroupName"), List.of());
    assertThatThrownBy(three::grouping).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("costfleet.azure.query.grouping.billing-account").hasMessageContaining("at most 2");
  }

  @Test
  void aScopeThatIsNotOneOfTheThreeKindsNamesTheAccountKey() {
    assertThatThrownBy(() -> props("default", Map.of("team", new AzureProperties.Account("/managementGroups/x", null, null))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("costfleet.azure.accounts.team.scope");
    assertThatThrownBy(() -> props("default", Map.of("team", new AzureProperties.Account(null, null, null))))
        .hasMessageContaining("costfleet.azure.accounts.team.scope is required");
  }

  @Test
  void credentialAndExportNamesAreChecked() {
    assertThatThrownBy(() -> props("password", Map.of())).hasMessageContaining("costfleet.azure.credential");
    assertThatThrownBy(() -> new AzureProperties.Exports(null, "c", "r", Map.of("usages", "x"), 10, null))
        .hasMessageContaining("costfleet.azure.exports.names.usages");
    assertThatThrownBy(() -> new AzureProperties.Exports(null, "c", "r", null, 0, null))
        .hasMessageContaining("costfleet.azure.exports.rows-per-page");
  }

  @Test
  void configuredAndInferredScopes() {
    AzureAccounts accounts = props("simulator", Map.of("team-a",
        new AzureProperties.Account("/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/team-a/",
            "ea-9", "EA 9"))).azureAccounts();
    AzureScope team = accounts.scope("team-a");
    assertThat(team.kind()).isEqualTo(AzureScope.Kind.RESOURCE_GROUP);
    assertThat(team.path()).isEqualTo("subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/team-a");
    assertThat(team.billingAccountId()).isEqualTo("ea-9");
    AzureScope sub = accounts.scope("11111111-2222-3333-4444-555555555555");
    assertThat(sub.kind()).isEqualTo(AzureScope.Kind.SUBSCRIPTION);
    assertThat(sub.billingAccountId()).isEqualTo("11111111-2222-3333-4444-555555555555");
    AzureScope mca = accounts.scope("1234:5678_2019-05-31");
    assertThat(mca.kind()).isEqualTo(AzureScope.Kind.BILLING_ACCOUNT);
    assertThat(mca.path()).isEqualTo("providers/Microsoft.Billing/billingAccounts/1234:5678_2019-05-31");
    assertThat(exports().layout().monthFolder(io.costfleet.job.ExtractionJob.of(io.costfleet.job.Provider.AZURE,
        "cost-export", "sub-1", java.time.YearMonth.of(2024, 2), io.costfleet.job.Dataset.AMORTIZED, 5,
        java.time.Instant.EPOCH))).isEqualTo("exports/sub-1/amortized-cost/20240201-20240229/");
  }
}
