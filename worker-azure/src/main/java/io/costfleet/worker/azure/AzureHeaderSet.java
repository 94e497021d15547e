package io.costfleet.worker.azure;

/**
 * The header sets of Azure cost-details exports costfleet recognizes.
 *
 * <ul>
 *   <li>{@link #EA}: Enterprise Agreement (v2 with {@code CostInBillingCurrency}, or the newer
 *       {@code Cost}/{@code BillingCurrency} one), recognized by {@code AccountOwnerId}/{@code AccountName};
 *   <li>{@link #MCA}: Microsoft Customer Agreement, recognized by billing profile and invoice
 *       section without an EA account owner, or by {@code CostInPricingCurrency};
 *   <li>{@link #MCA_PARTNER}: MCA for partners (CSP), recognized by {@code PartnerName}/{@code CustomerTenantId};
 *   <li>{@link #PAYG}: the legacy pay-as-you-go layout ({@code SubscriptionGuid}, {@code PreTaxCost},
 *       {@code ResourceRate}, {@code UsageDateTime});
 *   <li>{@link #FOCUS}: a FOCUS export ({@code BilledCost}, {@code ChargePeriodStart}, ...);
 *   <li>{@link #GENERIC}: any other header with a cost, a date and a subscription or billing account.
 * </ul>
 */
public enum AzureHeaderSet { EA, MCA, MCA_PARTNER, PAYG, FOCUS, GENERIC }
