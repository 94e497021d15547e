package io.costfleet.close.allocation;

import java.util.Locale;

/**
 * Places one allocation key: the first matching tag rule, else hierarchy rule, else shared rule, else
 * the account's business-unit hint ({@link AccountBusinessUnits}), else unallocated.
 */
public final class RuleEvaluator {
  private final AllocationRules rules;
  private final AccountBusinessUnits hints;

  public RuleEvaluator(AllocationRules rules) {
    this(rules, AccountBusinessUnits.NONE);
  }

  /** With business-unit hints; keys must then carry {@link Attribute#PROVIDER} and {@link Attribute#JOB_ACCOUNT}. */
  public RuleEvaluator(AllocationRules rules, AccountBusinessUnits hints) {
    this.rules = rules;
    this.hints = hints == null ? AccountBusinessUnits.NONE : hints;
  }

  public Placement place(AllocationKey key) {
    for (TagRule r : rules.tagRules()) {
      if (!r.match().test(key) || (!r.unless().conditions().isEmpty() && r.unless().test(key))) {
        continue;
      }
      String value = key.tags().get(r.key());
      if (value == null || value.isBlank()) {
        continue;
      }
      String cc = r.values() == null ? value.trim() : r.values().get(value.trim().toLowerCase(Locale.ROOT));
      if (cc == null || (!rules.catalog().isEmpty() && !rules.catalog().knows(cc))) {
        continue;
      }
      return new Placement.Direct(cc, businessUnit(cc, r.businessUnit()), r.name(), Placement.Method.TAG);
    }
    for (HierarchyRule r : rules.hierarchyRules()) {
      if (r.match().test(key) && (r.unless().conditions().isEmpty() || !r.unless().test(key))) {
        return new Placement.Direct(r.costCenter(), businessUnit(r.costCenter(), r.businessUnit()), r.name(),
            Placement.Method.HIERARCHY);
      }
    }
    for (SharedRule r : rules.sharedRules()) {
      if (r.match().test(key)) {
        return new Placement.Shared(r);
      }
    }
    String hinted = hints.businessUnit(key.get(Attribute.PROVIDER), key.get(Attribute.JOB_ACCOUNT));
    if (hinted != null) {
      return new Placement.Direct(hinted, hinted, AccountBusinessUnits.RULE, Placement.Method.HIERARCHY);
    }
    return unallocated("unallocated");
  }

  /** The unallocated cost center, naming the rule (or "unallocated") that left the cost there. */
  public Placement.Direct unallocated(String rule) {
    return new Placement.Direct(rules.unallocatedCostCenter(), rules.unallocatedBusinessUnit(), rule,
        Placement.Method.UNALLOCATED);
  }

  /** A rule's business unit, else the catalogue's, else the file's default. */
  public String businessUnit(String costCenter, String ruleBusinessUnit) {
    if (ruleBusinessUnit != null) {
      return ruleBusinessUnit;
    }
    if (costCenter.equals(rules.unallocatedCostCenter())) {
      return rules.unallocatedBusinessUnit();
    }
    String bu = rules.catalog().businessUnitOf(costCenter);
    return bu != null ? bu : rules.defaultBusinessUnit();
  }
}
