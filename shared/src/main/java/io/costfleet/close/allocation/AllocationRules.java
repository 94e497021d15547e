package io.costfleet.close.allocation;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A parsed, validated allocation rule file: its version, the cost center catalogue, and the rules of
 * the three stages in file order. See the README section "Period close, allocation and reports" for
 * the format.
 */
public record AllocationRules(String version, String unallocatedCostCenter, String unallocatedBusinessUnit,
    String defaultBusinessUnit, CostCenterCatalog catalog, List<TagRule> tagRules, List<HierarchyRule> hierarchyRules,
    List<SharedRule> sharedRules) {

  public AllocationRules {
    tagRules = List.copyOf(tagRules);
    hierarchyRules = List.copyOf(hierarchyRules);
    sharedRules = List.copyOf(sharedRules);
  }

  /** Reads and validates a rule file; errors name the file and line. */
  public static AllocationRules load(Path file, DriverRegistry drivers) throws RuleFileException, java.io.IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    Path dir = file.toAbsolutePath().getParent();
    return RuleFileParser.parse(text, file.getFileName().toString(), dir, drivers);
  }

  /** The attributes the rules read, i.e. what an allocation key is made of. */
  public Set<Attribute> attributes() {
    Set<Attribute> out = EnumSet.noneOf(Attribute.class);
    if (!tagRules.isEmpty()) {
      out.add(Attribute.TAGS);
    }
    tagRules.forEach(r -> {
      out.addAll(r.match().attributes());
      out.addAll(r.unless().attributes());
    });
    hierarchyRules.forEach(r -> {
      out.addAll(r.match().attributes());
      out.addAll(r.unless().attributes());
    });
    sharedRules.forEach(r -> {
      out.addAll(r.match().attributes());
      if (r.driver().perResource()) {
        out.add(Attribute.RESOURCE_ID);
      }
    });
    return out;
  }
}
