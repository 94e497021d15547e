package io.costfleet.quota;

import java.math.BigDecimal;
import java.util.Objects;

/** A proposed spend to decide on: an amount of money, or a quantity of a service's usage. */
public sealed interface QuotaRequest permits QuotaRequest.Amount, QuotaRequest.Usage {

  /**
   * Spend of {@code amount} in the base currency, valued at last-known prices; {@code service}
   * (optional) names what it buys, which picks the unit costs a degraded answer re-prices it with.
   */
  record Amount(BigDecimal amount, String service) implements QuotaRequest {
    public Amount {
      Objects.requireNonNull(amount, "amount");
      if (amount.signum() < 0) {
        throw new IllegalArgumentException("amount must not be negative, was " + amount.toPlainString());
      }
    }
  }

  /**
   * {@code quantity} of {@code service} (in pricing {@code unit}, optional when the service has one),
   * priced at its last-known unit cost, or its highest known one when degraded.
   */
  record Usage(BigDecimal quantity, String service, String unit) implements QuotaRequest {
    public Usage {
      Objects.requireNonNull(quantity, "quantity");
      if (quantity.signum() < 0) {
        throw new IllegalArgumentException("quantity must not be negative, was " + quantity.toPlainString());
      }
      if (service == null || service.isBlank()) {
        throw new IllegalArgumentException("a quantity needs the service it is of (service=...)");
      }
    }
  }
}
