package io.costfleet.worker.aws.ce;

import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.costexplorer.model.Granularity;
import software.amazon.awssdk.services.costexplorer.model.GroupDefinition;
import software.amazon.awssdk.services.costexplorer.model.GroupDefinitionType;

/**
 * What a Cost Explorer job asks for.
 *
 * @param granularity         DAILY or MONTHLY
 * @param groupBy             up to two group definitions, {@code DIMENSION:SERVICE}, {@code TAG:Environment}, ...
 * @param filterLinkedAccount filter on the job's account as LINKED_ACCOUNT (a payer querying a member
 *                            account); false to query the credentials' own account unfiltered
 */
public record CostExplorerSettings(Granularity granularity, List<String> groupBy, boolean filterLinkedAccount) {
  public CostExplorerSettings {
    Objects.requireNonNull(granularity, "granularity");
    if (granularity != Granularity.DAILY && granularity != Granularity.MONTHLY) {
      throw new IllegalArgumentException("costfleet.aws.ce.granularity must be DAILY or MONTHLY, was " + granularity);
    }
    groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
    if (groupBy.size() > 2) {
      throw new IllegalArgumentException("costfleet.aws.ce.group-by takes at most two keys, was " + groupBy);
    }
    groupBy.forEach(CostExplorerSettings::definition);
  }

  /** The SDK group definitions. */
  public List<GroupDefinition> definitions() {
    return groupBy.stream().map(CostExplorerSettings::definition).toList();
  }

  static GroupDefinition definition(String spec) {
    int colon = spec.indexOf(':');
    if (colon <= 0 || colon == spec.length() - 1) {
      throw new IllegalArgumentException("costfleet.aws.ce.group-by entry '" + spec
          + "' must be TYPE:KEY (DIMENSION:SERVICE, TAG:Environment, COST_CATEGORY:Team)");
    }
    GroupDefinitionType type = GroupDefinitionType.fromValue(spec.substring(0, colon));
    if (type == null || type == GroupDefinitionType.UNKNOWN_TO_SDK_VERSION) {
      throw new IllegalArgumentException("costfleet.aws.ce.group-by entry '" + spec
          + "' has an unknown type (DIMENSION, TAG or COST_CATEGORY)");
    }
    return GroupDefinition.builder().type(type).key(spec.substring(colon + 1)).build();
  }
}
