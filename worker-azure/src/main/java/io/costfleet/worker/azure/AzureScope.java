package io.costfleet.worker.azure;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Cost Management scope costfleet queries: a billing account, a subscription or a resource group.
 *
 * @param kind               what the scope is
 * @param path               the ARM path without a leading slash ({@code subscriptions/<id>},
 *                           {@code subscriptions/<id>/resourceGroups/<rg>},
 *                           {@code providers/Microsoft.Billing/billingAccounts/<id>})
 * @param subscriptionId     the subscription of a subscription or resource-group scope, else null
 * @param resourceGroup      the resource group of a resource-group scope, else null
 * @param billingAccountId   the FOCUS BillingAccountId of its rows: the billing account of a
 *                           billing-account scope, else the configured one, else the subscription
 * @param billingAccountName the FOCUS BillingAccountName (may be null)
 */
public record AzureScope(Kind kind, String path, String subscriptionId, String resourceGroup, String billingAccountId,
    String billingAccountName) {

  /** Scope kinds (the Query API accepts more; these are the ones costfleet reads). */
  public enum Kind { BILLING_ACCOUNT, SUBSCRIPTION, RESOURCE_GROUP }

  private static final Pattern SUBSCRIPTION = Pattern.compile("(?i)^subscriptions/([^/]+)$");
  private static final Pattern RESOURCE_GROUP = Pattern.compile("(?i)^subscriptions/([^/]+)/resourceGroups/([^/]+)$");
  private static final Pattern BILLING_ACCOUNT =
      Pattern.compile("(?i)^providers/Microsoft\\.Billing/billingAccounts/([^/]+)$");

  public AzureScope {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(billingAccountId, "billingAccountId");
  }

  /**
   * Parses an ARM scope path (leading and trailing slashes optional).
   *
   * @param billingAccountId   the billing account of a subscription/resource-group scope, or null
   * @throws IllegalArgumentException naming the path if it is not one of the three kinds
   */
  public static AzureScope parse(String scopePath, String billingAccountId, String billingAccountName) {
    String p = strip(scopePath);
    Matcher m = RESOURCE_GROUP.matcher(p);
    if (m.matches()) {
      return new AzureScope(Kind.RESOURCE_GROUP, p, m.group(1), m.group(2), orElse(billingAccountId, m.group(1)),
          billingAccountName);
    }
    m = SUBSCRIPTION.matcher(p);
    if (m.matches()) {
      return new AzureScope(Kind.SUBSCRIPTION, p, m.group(1), null, orElse(billingAccountId, m.group(1)),
          billingAccountName);
    }
    m = BILLING_ACCOUNT.matcher(p);
    if (m.matches()) {
      return new AzureScope(Kind.BILLING_ACCOUNT, p, null, null, m.group(1), billingAccountName);
    }
    throw new IllegalArgumentException("not a billing account, subscription or resource group scope: '" + scopePath
        + "' (expected subscriptions/<id>, subscriptions/<id>/resourceGroups/<name> or "
        + "providers/Microsoft.Billing/billingAccounts/<id>)");
  }

  /**
   * The scope of an account id with nothing configured for it: a scope path as it is, a GUID as a
   * subscription, anything else (EA enrollment numbers, MCA {@code 1234:5678_2019-05-31} ids) as a
   * billing account.
   */
  public static AzureScope infer(String accountId) {
    String a = strip(accountId);
    if (a.contains("/")) {
      return parse(a, null, null);
    }
    if (a.toLowerCase(Locale.ROOT).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
      return parse("subscriptions/" + a, null, null);
    }
    return parse("providers/Microsoft.Billing/billingAccounts/" + a, null, null);
  }

  private static String strip(String path) {
    String p = Objects.requireNonNull(path, "scope").strip();
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  private static String orElse(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
