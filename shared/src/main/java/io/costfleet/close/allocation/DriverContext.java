package io.costfleet.close.allocation;

import java.time.YearMonth;
import java.util.List;
import java.util.Set;

/** What a driver may read when it weighs a slice: the period's directly allocated cost. */
public interface DriverContext {

  YearMonth period();

  /** The currency every amount here is in (the close's base currency). */
  String baseCurrency();

  /** Cost placed by tag and hierarchy rules, per cost center, provider, service, day and unit; base currency. */
  List<DirectLine> directLines();

  /** The receivers the rule names ({@code targets}); empty: any cost center. */
  Set<String> targets();

  /** The cost center that takes whatever no rule places; drivers do not give it weight. */
  String unallocatedCostCenter();

  /** Whether a cost center may receive a share of this rule (in targets, and not the unallocated one). */
  default boolean eligible(String costCenter) {
    return !costCenter.equals(unallocatedCostCenter()) && (targets().isEmpty() || targets().contains(costCenter));
  }
}
