package io.costfleet.close.allocation;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A node of a YAML document with its line, so every error can name where it is. Built on
 * SnakeYAML's composer (no object construction, no tags honoured).
 */
public final class YamlNode {
  private final Node node;
  private final String file;

  private YamlNode(Node node, String file) {
    this.node = node;
    this.file = file;
  }

  /** Parses a document; an empty document is an empty mapping. */
  public static YamlNode parse(String text, String file) throws RuleFileException {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(10);
    try {
      Node root = new Yaml(options).compose(new StringReader(text));
      if (root == null) {
        root = new MappingNode(org.yaml.snakeyaml.nodes.Tag.MAP, List.of(), org.yaml.snakeyaml.DumperOptions.FlowStyle.AUTO);
      }
      return new YamlNode(root, file);
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1
          : e.getContextMark() != null ? e.getContextMark().getLine() + 1 : 1;
      throw new RuleFileException(file, line, "not valid YAML: " + firstLine(e.getProblem() != null ? e.getProblem() : e.getMessage()));
    } catch (YAMLException e) {
      throw new RuleFileException(file, 1, "not valid YAML: " + firstLine(e.getMessage()));
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  public int line() {
    return node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
  }

  public String file() {
    return file;
  }

  public RuleFileException error(String problem) {
    return new RuleFileException(file, line(), problem);
  }

  public boolean isScalar() {
    return node instanceof ScalarNode;
  }

  public boolean isSequence() {
    return node instanceof SequenceNode;
  }

  public boolean isMapping() {
    return node instanceof MappingNode;
  }

  /** Entries of a mapping, in file order; scalar keys only. */
  public Map<String, Entry> mapping(String what) throws RuleFileException {
    if (!(node instanceof MappingNode m)) {
      throw error(what + " must be a mapping (key: value)");
    }
    Map<String, Entry> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k)) {
        throw new YamlNode(t.getKeyNode(), file).error("keys of " + what + " must be plain strings");
      }
      if (out.put(k.getValue(), new Entry(k.getValue(), new YamlNode(k, file), new YamlNode(t.getValueNode(), file))) != null) {
        throw new YamlNode(k, file).error("duplicate key '" + k.getValue() + "' in " + what);
      }
    }
    return out;
  }

  /** Items of a sequence. */
  public List<YamlNode> sequence(String what) throws RuleFileException {
    if (!(node instanceof SequenceNode s)) {
      throw error(what + " must be a list");
    }
    List<YamlNode> out = new ArrayList<>();
    for (Node n : s.getValue()) {
      out.add(new YamlNode(n, file));
    }
    return out;
  }

  /** A scalar's text (numbers as written). Blank or null scalars are rejected. */
  public String text(String what) throws RuleFileException {
    if (!(node instanceof ScalarNode s)) {
      throw error(what + " must be a single value");
    }
    String v = s.getValue();
    if (v == null || v.isBlank() || (s.getTag().getValue().endsWith(":null"))) {
      throw error(what + " must not be empty");
    }
    return v.trim();
  }

  /** A scalar, or each item of a list of scalars. */
  public List<String> texts(String what) throws RuleFileException {
    if (isSequence()) {
      List<String> out = new ArrayList<>();
      for (YamlNode n : sequence(what)) {
        out.add(n.text(what + " item"));
      }
      if (out.isEmpty()) {
        throw error(what + " must not be an empty list");
      }
      return out;
    }
    return List.of(text(what));
  }

  public BigDecimal decimal(String what) throws RuleFileException {
    String t = text(what);
    try {
      return new BigDecimal(t);
    } catch (NumberFormatException e) {
      throw error(what + " must be a number, got '" + t + "'");
    }
  }

  public boolean bool(String what) throws RuleFileException {
    String t = text(what).toLowerCase(java.util.Locale.ROOT);
    return switch (t) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw error(what + " must be true or false, got '" + t + "'");
    };
  }

  /** One key-value pair of a mapping, with the key's own node for errors about the key. */
  public record Entry(String key, YamlNode keyNode, YamlNode value) {}
}
