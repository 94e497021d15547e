package io.costfleet.close.allocation;

import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One distinct combination of the attributes the rules read (a record's "allocation key"), with its
 * tags already normalized ({@link TagKeys}).
 */
public record AllocationKey(Map<Attribute, String> values, Map<String, String> tags) {
  private static final Pattern RESOURCE_GROUP = Pattern.compile("(?i)/resourcegroups/([^/]+)");

  public AllocationKey {
    values = values.isEmpty() ? new EnumMap<>(Attribute.class) : new EnumMap<>(values);
    tags = Map.copyOf(tags);
  }

  public String get(Attribute attribute) {
    return values.get(attribute);
  }

  /** The Azure resource group named in the ResourceId, or null. */
  public String resourceGroup() {
    String id = values.get(Attribute.RESOURCE_ID);
    if (id == null) {
      return null;
    }
    Matcher m = RESOURCE_GROUP.matcher(id);
    return m.find() ? m.group(1) : null;
  }
}
