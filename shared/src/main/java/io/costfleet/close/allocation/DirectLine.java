package io.costfleet.close.allocation;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Cost placed directly (tag, hierarchy or unallocated) at the chargeback grain plus the consumed
 * unit, converted to the base currency. Quantities are summed as the source gave them.
 */
public record DirectLine(String costCenter, String businessUnit, String rule, Placement.Method method, String provider,
    String providerName, String serviceCategory, String serviceName, LocalDate day, String consumedUnit,
    BigDecimal billedCost, BigDecimal effectiveCost, BigDecimal consumedQuantity, long records) {}
