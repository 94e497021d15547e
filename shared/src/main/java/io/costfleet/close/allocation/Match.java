package io.costfleet.close.allocation;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A conjunction of conditions on a record's attributes: every key must match one of its values.
 * Values compare case-insensitively after trimming; {@code *} matches any run of characters. An
 * empty match matches everything.
 */
public record Match(List<Condition> conditions) {
  public static final Match ANY = new Match(List.of());

  public Match {
    conditions = List.copyOf(conditions);
  }

  /** One key with its allowed values. */
  public record Condition(String key, Attribute attribute, String tagKey, List<Pattern> patterns, List<String> values) {
    boolean test(AllocationKey row) {
      String actual = switch (key) {
        case "resource_group" -> row.resourceGroup();
        default -> attribute == Attribute.TAGS ? row.tags().get(tagKey) : row.get(attribute);
      };
      if (actual == null) {
        return false;
      }
      String a = actual.trim();
      for (Pattern p : patterns) {
        if (p.matcher(a).matches()) {
          return true;
        }
      }
      return false;
    }
  }

  public boolean test(AllocationKey row) {
    for (Condition c : conditions) {
      if (!c.test(row)) {
        return false;
      }
    }
    return true;
  }

  public Set<Attribute> attributes() {
    Set<Attribute> out = EnumSet.noneOf(Attribute.class);
    conditions.forEach(c -> out.add(c.attribute()));
    return out;
  }

  static Match parse(YamlNode node, String what) throws RuleFileException {
    List<Condition> out = new ArrayList<>();
    for (Map.Entry<String, YamlNode.Entry> e : node.mapping(what).entrySet()) {
      String key = e.getKey().trim().toLowerCase(Locale.ROOT);
      Attribute a = Attribute.forKey(key);
      if (a == null) {
        throw e.getValue().keyNode().error("unknown match key '" + e.getKey() + "' (known: provider, billing_account, "
            + "account, project, subscription, sub_account, resource_group, resource_id, resource_type, service, "
            + "service_category, charge_category, sku, usage_type, region, tag.<key>)");
      }
      String tagKey = a == Attribute.TAGS ? TagKeys.normalize(key.substring(4)) : null;
      if (a == Attribute.TAGS && tagKey.isEmpty()) {
        throw e.getValue().keyNode().error("tag match key needs a tag name: tag.<key>");
      }
      List<String> values = e.getValue().value().texts(what + "." + e.getKey());
      List<Pattern> patterns = new ArrayList<>();
      for (String v : values) {
        patterns.add(glob(v));
      }
      out.add(new Condition(key, a, tagKey, patterns, values));
    }
    return new Match(out);
  }

  static Pattern glob(String value) {
    List<String> parts = new ArrayList<>();
    for (String part : value.trim().split("\\*", -1)) {
      parts.add(part.isEmpty() ? "" : Pattern.quote(part));
    }
    return Pattern.compile(String.join(".*", parts), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
  }

}
