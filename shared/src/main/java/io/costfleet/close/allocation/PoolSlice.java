package io.costfleet.close.allocation;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One slice of a shared rule's pool: the matched cost of one provider, service and day (and one
 * resource when the driver asks for {@link AllocationDriver.Configured#perResource()}), in the base
 * currency. Each slice is split on its own, so shares keep their provider, service and day.
 */
public record PoolSlice(String rule, String provider, String providerName, String serviceCategory, String serviceName,
    LocalDate day, String resourceId, BigDecimal billedCost, BigDecimal effectiveCost, long records) {}
