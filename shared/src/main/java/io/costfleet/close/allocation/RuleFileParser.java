package io.costfleet.close.allocation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Parses rule files into {@link AllocationRules}; every error names the line. */
final class RuleFileParser {
  private static final Set<String> TOP = Set.of("version", "unallocated", "default_business_unit", "cost_centers", "tags",
      "hierarchy", "shared");
  private static final Set<String> SHARED_RESERVED = Set.of("name", "match", "driver", "targets");

  private RuleFileParser() {}

  static AllocationRules parse(String text, String file, Path baseDir, DriverRegistry drivers) throws RuleFileException {
    YamlNode root = YamlNode.parse(text, file);
    Map<String, YamlNode.Entry> top = root.mapping("the rule file");
    for (YamlNode.Entry e : top.values()) {
      if (!TOP.contains(e.key())) {
        throw e.keyNode().error("unknown key '" + e.key() + "' (known: " + String.join(", ", new java.util.TreeSet<>(TOP)) + ")");
      }
    }
    if (!top.containsKey("version")) {
      throw root.error("the rule file needs a 'version' (written to x_AllocationVersion)");
    }
    String version = top.get("version").value().text("version");
    String unCc = "unallocated";
    String unBu = "unallocated";
    if (top.containsKey("unallocated")) {
      Map<String, YamlNode.Entry> u = top.get("unallocated").value().mapping("unallocated");
      for (YamlNode.Entry e : u.values()) {
        switch (e.key()) {
          case "cost_center" -> unCc = e.value().text("unallocated.cost_center");
          case "business_unit" -> unBu = e.value().text("unallocated.business_unit");
          default -> throw e.keyNode().error("unknown key '" + e.key() + "' in unallocated (known: business_unit, cost_center)");
        }
      }
    }
    String defaultBu = top.containsKey("default_business_unit")
        ? top.get("default_business_unit").value().text("default_business_unit") : "unassigned";

    Map<String, String> catalog = new TreeMap<>();
    if (top.containsKey("cost_centers")) {
      for (YamlNode.Entry e : top.get("cost_centers").value().mapping("cost_centers").values()) {
        catalog.put(e.key().trim(), e.value().text("business unit of cost center " + e.key()));
      }
    }
    CostCenterCatalog cat = new CostCenterCatalog(catalog);
    Set<String> names = new HashSet<>();

    List<TagRule> tagRules = new ArrayList<>();
    for (YamlNode item : list(top, "tags")) {
      Map<String, YamlNode.Entry> m = item.mapping("a tag rule");
      allow(m, "tag rule", "name", "key", "values", "business_unit", "match", "unless");
      String name = name(item, m, names, "tag rule");
      String key = TagKeys.normalize(required(item, m, "key", name).text("key"));
      Map<String, String> values = null;
      if (m.containsKey("values")) {
        values = new LinkedHashMap<>();
        for (YamlNode.Entry v : m.get("values").value().mapping("values").values()) {
          String cc = v.value().text("values." + v.key());
          checkKnown(cat, cc, v.value());
          values.put(v.key().trim().toLowerCase(java.util.Locale.ROOT), cc);
        }
      }
      tagRules.add(new TagRule(name, key, values, optionalText(m, "business_unit"), match(m, "match"), match(m, "unless"),
          item.line()));
    }

    List<HierarchyRule> hierarchy = new ArrayList<>();
    for (YamlNode item : list(top, "hierarchy")) {
      Map<String, YamlNode.Entry> m = item.mapping("a hierarchy rule");
      allow(m, "hierarchy rule", "name", "match", "unless", "cost_center", "business_unit");
      String name = name(item, m, names, "hierarchy rule");
      if (!m.containsKey("match")) {
        throw item.error("hierarchy rule '" + name + "' needs 'match'");
      }
      String cc = optionalText(m, "cost_center");
      String bu = optionalText(m, "business_unit");
      if (cc == null && bu == null) {
        throw item.error("hierarchy rule '" + name + "' needs 'cost_center' or 'business_unit'");
      }
      if (cc != null) {
        checkKnown(cat, cc, m.get("cost_center").value());
      }
      hierarchy.add(new HierarchyRule(name, match(m, "match"), match(m, "unless"), cc == null ? bu : cc, bu, item.line()));
    }

    List<SharedRule> shared = new ArrayList<>();
    for (YamlNode item : list(top, "shared")) {
      Map<String, YamlNode.Entry> m = item.mapping("a shared rule");
      String name = name(item, m, names, "shared rule");
      YamlNode driverNode = required(item, m, "driver", name);
      String driverName = driverNode.text("driver");
      AllocationDriver driver = drivers.find(driverName).orElseThrow(() -> driverNode.error("unknown driver '" + driverName
          + "' (known: " + String.join(", ", drivers.names()) + ")"));
      List<String> targets = List.of();
      if (m.containsKey("targets")) {
        targets = m.get("targets").value().texts("targets");
        for (String t : targets) {
          checkKnown(cat, t, m.get("targets").value());
        }
      }
      Map<String, YamlNode.Entry> params = new LinkedHashMap<>(m);
      SHARED_RESERVED.forEach(params::remove);
      DriverParameters p = new DriverParameters(name, item, params, cat, baseDir);
      AllocationDriver.Configured configured = driver.configure(p);
      for (String unread : p.unread()) {
        throw p.entry(unread).keyNode().error("unknown key '" + unread + "' for driver '" + driverName + "' in shared rule '"
            + name + "'");
      }
      shared.add(new SharedRule(name, match(m, "match"), driverName, configured, targets, item.line()));
    }
    return new AllocationRules(version, unCc, unBu, defaultBu, cat, tagRules, hierarchy, shared);
  }

  private static List<YamlNode> list(Map<String, YamlNode.Entry> top, String key) throws RuleFileException {
    YamlNode.Entry e = top.get(key);
    if (e == null || (e.value().isScalar() && isNull(e.value()))) {
      return List.of();
    }
    return e.value().sequence(key);
  }

  private static boolean isNull(YamlNode n) {
    try {
      n.text("x");
      return false;
    } catch (RuleFileException empty) {
      return true;
    }
  }

  private static void allow(Map<String, YamlNode.Entry> m, String what, String... keys) throws RuleFileException {
    Set<String> allowed = Set.of(keys);
    for (YamlNode.Entry e : m.values()) {
      if (!allowed.contains(e.key())) {
        throw e.keyNode().error("unknown key '" + e.key() + "' in " + what + " (known: "
            + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
      }
    }
  }

  private static String name(YamlNode item, Map<String, YamlNode.Entry> m, Set<String> names, String what)
      throws RuleFileException {
    YamlNode n = required(item, m, "name", what);
    String name = n.text("name");
    if (!names.add(name)) {
      throw n.error("rule name '" + name + "' is used twice (rule names must be unique: they are written to x_AllocationRule)");
    }
    return name;
  }

  private static YamlNode required(YamlNode item, Map<String, YamlNode.Entry> m, String key, String rule)
      throws RuleFileException {
    YamlNode.Entry e = m.get(key);
    if (e == null) {
      throw item.error(rule + " needs '" + key + "'");
    }
    return e.value();
  }

  private static String optionalText(Map<String, YamlNode.Entry> m, String key) throws RuleFileException {
    YamlNode.Entry e = m.get(key);
    return e == null ? null : e.value().text(key);
  }

  private static Match match(Map<String, YamlNode.Entry> m, String key) throws RuleFileException {
    YamlNode.Entry e = m.get(key);
    return e == null ? Match.ANY : Match.parse(e.value(), key);
  }

  private static void checkKnown(CostCenterCatalog cat, String cc, YamlNode at) throws RuleFileException {
    if (!cat.isEmpty() && !cat.knows(cc)) {
      throw at.error("cost center '" + cc + "' is not listed in cost_centers");
    }
  }
}
