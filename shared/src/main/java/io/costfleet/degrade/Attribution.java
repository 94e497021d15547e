package io.costfleet.degrade;

import io.costfleet.close.allocation.AllocationKey;
import io.costfleet.close.allocation.Attribute;
import java.util.Set;

/**
 * Which cost center (and business unit) a staged record's cost counts against in the month-to-date
 * aggregates, before the period is closed. {@link RuleAttribution} uses the close's allocation rule
 * file; {@link TagAttribution} a cost-center tag.
 */
public sealed interface Attribution permits RuleAttribution, TagAttribution {

  /** Where a cost goes. {@code businessUnit} may be null when nothing names one. */
  record Target(String costCenter, String businessUnit) {}

  /** The staged columns an allocation key is made of. */
  Set<Attribute> attributes();

  /** The cost center of one allocation key of {@code provider}'s {@code account}. */
  Target attribute(AllocationKey key, String provider, String account);

  /** How it attributes, for snapshots and answers ({@code rules 2026.10}, {@code tag cost_center}). */
  String describe();
}
