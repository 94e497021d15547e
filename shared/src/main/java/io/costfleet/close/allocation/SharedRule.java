package io.costfleet.close.allocation;

import java.util.List;

/**
 * Stage 3: shared or untagged cost, distributed across cost centers in proportion to a driver's
 * weights. {@code targets} limits the receivers (empty: every cost center the driver weighs).
 */
public record SharedRule(String name, Match match, String driverName, AllocationDriver.Configured driver,
    List<String> targets, int line) {}
