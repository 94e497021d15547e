package io.costfleet.degrade;

import io.costfleet.close.allocation.AllocationKey;
import io.costfleet.close.allocation.Attribute;
import io.costfleet.close.allocation.TagKeys;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Attributes cost by one tag (its key normalized like the close's, {@code Cost-Center} =
 * {@code cost_center}); untagged cost goes to {@code unattributed}. The business unit is the
 * account's, from the fleet configuration ({@code <provider>:<account>} → unit), as the close's
 * hierarchy fallback would place it.
 */
public record TagAttribution(String tagKey, String unattributed, Map<String, String> businessUnitByAccount)
    implements Attribution {

  public TagAttribution {
    Objects.requireNonNull(tagKey, "tagKey");
    if (tagKey.isBlank()) {
      throw new IllegalArgumentException("the cost-center tag key must not be blank");
    }
    tagKey = TagKeys.normalize(tagKey);
    unattributed = unattributed == null || unattributed.isBlank() ? "unallocated" : unattributed;
    businessUnitByAccount = Map.copyOf(businessUnitByAccount);
  }

  @Override
  public Set<Attribute> attributes() {
    return EnumSet.of(Attribute.TAGS);
  }

  @Override
  public Target attribute(AllocationKey key, String provider, String account) {
    String value = key.tags().get(tagKey);
    String costCenter = value == null || value.isBlank() ? unattributed : value.trim();
    return new Target(costCenter, businessUnitByAccount.get(provider + ":" + account));
  }

  @Override
  public String describe() {
    return "tag " + tagKey;
  }
}
