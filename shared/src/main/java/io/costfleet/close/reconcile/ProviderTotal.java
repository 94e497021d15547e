package io.costfleet.close.reconcile;

import java.math.BigDecimal;

/**
 * A provider's own total for one account, period and dataset (and invoice, where the source has
 * one; null otherwise), in the billing currency. {@code effectiveCost} may be null when the provider
 * states only what it billed.
 */
public record ProviderTotal(String provider, String account, String dataset, String invoiceId, String currency,
    BigDecimal billedCost, BigDecimal effectiveCost) {}
