package io.costfleet.worker.azure;

import java.util.Map;

/**
 * The scope of each account a job may name: configured ({@code costfleet.azure.accounts}) or
 * inferred from the account id ({@link AzureScope#infer}).
 */
public final class AzureAccounts {
  private final Map<String, AzureScope> configured;

  public AzureAccounts(Map<String, AzureScope> configured) {
    this.configured = Map.copyOf(configured);
  }

  public static AzureAccounts inferred() {
    return new AzureAccounts(Map.of());
  }

  public AzureScope scope(String accountId) {
    AzureScope s = configured.get(accountId);
    return s != null ? s : AzureScope.infer(accountId);
  }
}
