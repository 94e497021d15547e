package io.costfleet.close.allocation;

import java.util.Locale;

/** Places one allocation key: the first matching tag rule, else hierarchy rule, else shared rule, else unallocated. */
public final class RuleEvaluator {
  private final AllocationRules rules;

  public RuleEvaluator(AllocationRules rules) {
    this.rules = rules;
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
