package io.costfleet.worker.azure;

/** How an export spells its header names. */
public enum HeaderDialect {
  /** {@code SubscriptionId, CostInBillingCurrency}. */
  PASCAL_CASE,
  /** {@code subscriptionId, costInBillingCurrency}. */
  CAMEL_CASE,
  /** {@code subscriptionid, costinbillingcurrency}. */
  LOWER_CASE,
  /** No spelling dominates (two thirds or more): {@code subscriptionid, UsageDateTime, costinbillingcurrency}. */
  MIXED_CASE,
  /** Localized names with the English name in parentheses: {@code Ressourcengruppe (ResourceGroup)}. */
  LOCALIZED
}
