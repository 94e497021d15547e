package io.costfleet.degrade;

import io.costfleet.close.allocation.AllocationKey;
import io.costfleet.close.allocation.AllocationRules;
import io.costfleet.close.allocation.Attribute;
import io.costfleet.close.allocation.Placement;
import io.costfleet.close.allocation.RuleEvaluator;
import java.util.EnumSet;
import java.util.Set;

/**
 * Attributes cost with the close's allocation rules: a key a tag or hierarchy rule places goes to
 * that rule's cost center. A key a shared rule claims is split by its driver only when the period
 * closes; until then its month-to-date cost stays on the rule file's unallocated cost center (so
 * no cost center is charged for a share it may not get, and the shared cost is still visible).
 */
public record RuleAttribution(AllocationRules rules) implements Attribution {

  @Override
  public Set<Attribute> attributes() {
    Set<Attribute> out = EnumSet.of(Attribute.PROVIDER);
    out.addAll(rules.attributes());
    return out;
  }

  @Override
  public Target attribute(AllocationKey key, String provider, String account) {
    RuleEvaluator evaluator = new RuleEvaluator(rules);
    Placement p = evaluator.place(key);
    if (p instanceof Placement.Direct d) {
      return new Target(d.costCenter(), d.businessUnit());
    }
    Placement.Direct u = evaluator.unallocated(((Placement.Shared) p).rule().name());
    return new Target(u.costCenter(), u.businessUnit());
  }

  @Override
  public String describe() {
    return "rules " + rules.version();
  }
}
