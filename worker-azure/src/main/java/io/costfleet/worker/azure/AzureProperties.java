package io.costfleet.worker.azure;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code costfleet.azure.*}: how the azure worker reaches Cost Management and the export storage.
 *
 * @param credential       {@code default} (azure-identity's DefaultAzureCredential: environment,
 *                         workload identity, managed identity, Azure CLI) or {@code simulator}
 *                         (the simulator's fixed token)
 * @param clientType       the {@code ClientType} header sent with every call
 * @param timeout          connect and response time-out of every call
 * @param trustCertificate a PEM certificate to trust instead of the JVM's trust store (the
 *                         simulator's, written by {@code sim --cert-out})
 * @param query            the Query API source
 * @param exports          the cost-export source
 * @param accounts         scope of each account id a job may name; ids not listed are inferred
 *                         (a GUID is a subscription, anything else a billing account)
 */
@ConfigurationProperties("costfleet.azure")
public record AzureProperties(
    @DefaultValue("default") String credential,
    @DefaultValue("costfleet") String clientType,
    @DefaultValue("60s") Duration timeout,
    Path trustCertificate,
    @DefaultValue Query query,
    @DefaultValue Exports exports,
    Map<String, Account> accounts) {

  private static final String P = "costfleet.azure.";

  public AzureProperties {
    if (!credential.equals("default") && !credential.equals("simulator")) {
      throw new IllegalArgumentException(P + "credential must be 'default' or 'simulator', was '" + credential + "'");
    }
    if (clientType.isBlank()) {
      throw new IllegalArgumentException(P + "client-type must not be blank");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(P + "timeout must be positive, was " + timeout);
    }
    accounts = accounts == null ? Map.of() : Map.copyOf(accounts);
    for (Map.Entry<String, Account> e : accounts.entrySet()) {
      e.getValue().scope(e.getKey());
    }
  }

  /** The configured accounts as scopes. */
  public AzureAccounts azureAccounts() {
    Map<String, AzureScope> scopes = new HashMap<>();
    accounts.forEach((id, account) -> scopes.put(id, account.scope(id)));
    return new AzureAccounts(scopes);
  }

  /**
   * {@code costfleet.azure.query.*}.
   *
   * @param enabled    whether this worker serves {@code source=query} jobs
   * @param endpoint   the Azure Resource Manager endpoint
   * @param apiVersion the Cost Management API version
   * @param tokenScope the OAuth scope of the management token
   * @param grouping   grouping dimensions per scope kind (at most two each; {@code tag:<key>} groups by a tag)
   */
  public record Query(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("https://management.azure.com") URI endpoint,
      @DefaultValue("2023-03-01") String apiVersion,
      @DefaultValue("https://management.azure.com/.default") String tokenScope,
      @DefaultValue Grouping grouping) {}

  /**
   * {@code costfleet.azure.query.grouping.*}.
   *
   * @param billingAccount dimensions for billing-account scopes
   * @param subscription   dimensions for subscription scopes
   * @param resourceGroup  dimensions for resource-group scopes
   */
  public record Grouping(
      @DefaultValue({"SubscriptionId", "ServiceName"}) List<String> billingAccount,
      @DefaultValue({"ResourceGroupName", "ServiceName"}) List<String> subscription,
      @DefaultValue({"ResourceId", "ServiceName"}) List<String> resourceGroup) {

    public AzureQuerySource.Grouping grouping() {
      return new AzureQuerySource.Grouping(billingAccount, subscription, resourceGroup);
    }
  }

  /**
   * {@code costfleet.azure.exports.*}. The source is on when {@code storage-endpoint} is set.
   *
   * @param storageEndpoint the storage account's Blob endpoint ({@code https://<account>.blob.core.windows.net})
   * @param container       the container the exports write to
   * @param rootFolder      the exports' root folder; {@code {account}} is replaced by the job's account id
   * @param names           export name per dataset ({@code usage}, {@code amortized}, {@code focus})
   * @param rowsPerPage     rows per page (one staging file each)
   * @param defaultCurrency billing currency of export files that have no currency column (none by default)
   */
  public record Exports(
      URI storageEndpoint,
      @DefaultValue("costexports") String container,
      @DefaultValue("exports/{account}") String rootFolder,
      Map<String, String> names,
      @DefaultValue("5000") int rowsPerPage,
      String defaultCurrency) {

    public Exports {
      Map<String, String> merged = new HashMap<>(AzureExportLayout.defaults().exportNames());
      if (names != null) {
        for (String key : names.keySet()) {
          if (!merged.containsKey(key)) {
            throw new IllegalArgumentException(P + "exports.names." + key + " is not a dataset (usage, amortized, focus)");
          }
        }
        merged.putAll(names);
      }
      names = Map.copyOf(merged);
      if (rowsPerPage < 1) {
        throw new IllegalArgumentException(P + "exports.rows-per-page must be >= 1, was " + rowsPerPage);
      }
    }

    public AzureExportLayout layout() {
      return new AzureExportLayout(container, rootFolder, names);
    }
  }

  /**
   * {@code costfleet.azure.accounts.<id>.*}.
   *
   * @param scope              the ARM scope path ({@code /subscriptions/<id>},
   *                           {@code /subscriptions/<id>/resourceGroups/<rg>},
   *                           {@code /providers/Microsoft.Billing/billingAccounts/<id>})
   * @param billingAccountId   FOCUS BillingAccountId of a subscription or resource-group scope (default: the subscription)
   * @param billingAccountName FOCUS BillingAccountName
   */
  public record Account(String scope, String billingAccountId, String billingAccountName) {
    AzureScope scope(String id) {
      if (scope == null || scope.isBlank()) {
        throw new IllegalArgumentException(P + "accounts." + id + ".scope is required");
      }
      try {
        return AzureScope.parse(scope, billingAccountId, billingAccountName);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(P + "accounts." + id + ".scope: " + e.getMessage(), e);
      }
    }
  }
}
