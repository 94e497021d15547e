package io.costfleet.close.allocation;

/** Stage 2: records matching an account/project/subscription/resource group go to one cost center. */
public record HierarchyRule(String name, Match match, Match unless, String costCenter, String businessUnit, int line) {}
