package io.costfleet.close.allocation;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The keys of one shared rule that belong to its driver, with line-aware accessors. The parser
 * rejects any key the driver did not read.
 */
public final class DriverParameters {
  private final String ruleName;
  private final YamlNode ruleNode;
  private final Map<String, YamlNode.Entry> entries;
  private final CostCenterCatalog catalog;
  private final Path baseDir;
  private final Set<String> read = new TreeSet<>();

  DriverParameters(String ruleName, YamlNode ruleNode, Map<String, YamlNode.Entry> entries, CostCenterCatalog catalog,
      Path baseDir) {
    this.ruleName = ruleName;
    this.ruleNode = ruleNode;
    this.entries = new LinkedHashMap<>(entries);
    this.catalog = catalog;
    this.baseDir = baseDir;
  }

  public String ruleName() {
    return ruleName;
  }

  /** The rule file's cost center catalogue (to validate cost center names). */
  public CostCenterCatalog catalog() {
    return catalog;
  }

  /** Resolves a path written in the rule file against the rule file's directory. */
  public Path resolve(String path) {
    return baseDir == null ? Path.of(path) : baseDir.resolve(path);
  }

  public Optional<YamlNode> optional(String key) {
    read.add(key);
    YamlNode.Entry e = entries.get(key);
    return e == null ? Optional.empty() : Optional.of(e.value());
  }

  public YamlNode required(String key) throws RuleFileException {
    return optional(key).orElseThrow(() -> ruleNode.error("shared rule '" + ruleName + "' needs '" + key + "'"));
  }

  public String string(String key) throws RuleFileException {
    return required(key).text(key);
  }

  public Optional<String> optionalString(String key) throws RuleFileException {
    Optional<YamlNode> n = optional(key);
    return n.isEmpty() ? Optional.empty() : Optional.of(n.get().text(key));
  }

  public boolean bool(String key, boolean defaultValue) throws RuleFileException {
    Optional<YamlNode> n = optional(key);
    return n.isEmpty() ? defaultValue : n.get().bool(key);
  }

  /** A mapping of names to non-negative numbers, in file order. */
  public Map<String, BigDecimal> weights(String key) throws RuleFileException {
    YamlNode node = required(key);
    Map<String, BigDecimal> out = new LinkedHashMap<>();
    for (YamlNode.Entry e : node.mapping(key).values()) {
      BigDecimal w = e.value().decimal(key + "." + e.key());
      if (w.signum() < 0) {
        throw e.value().error(key + "." + e.key() + " must not be negative");
      }
      out.put(e.key().trim(), w);
    }
    if (out.values().stream().allMatch(w -> w.signum() == 0)) {
      throw node.error(key + " needs at least one positive weight");
    }
    return out;
  }

  /** An error about one of this rule's keys, at that key's line (or the rule's). */
  public RuleFileException error(String key, String problem) {
    YamlNode.Entry e = entries.get(key);
    return (e == null ? ruleNode : e.value()).error("shared rule '" + ruleName + "': " + problem);
  }

  Set<String> unread() {
    Set<String> out = new TreeSet<>(entries.keySet());
    out.removeAll(read);
    return out;
  }

  YamlNode.Entry entry(String key) {
    return entries.get(key);
  }
}
