package io.costfleet.focus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Evaluates the machine-checkable rules of the FOCUS validator's rule model
 * ({@code focus_validator/rules/model-1.2.json}, FinOps Foundation, MIT) on a dataset in DuckDB.
 *
 * <p>A rule is evaluated when it is {@code Static} and not {@code Composite}, its applicability
 * criteria are all among those the caller declares, and every column it names (in its requirement
 * and its condition) is in the dataset; otherwise it is {@code NOT_APPLICABLE}. Requirements and
 * conditions compile to SQL ({@code CheckValue}, {@code CheckNotValue}, {@code CheckSameValue},
 * {@code CheckNotSameValue}, {@code AND}, {@code OR}, {@code ColumnPresent}, {@code Type*},
 * {@code Format*}, {@code CheckGreaterOrEqualThanValue}, {@code CheckDecimalValue},
 * {@code CheckNationalCurrency}, {@code ColumnByColumnEqualsColumnValue}); a row violates a rule
 * when its condition holds and its requirement does not. Anything else is {@code NOT_EVALUATED}
 * with the reason. A rule inherits the applicability criteria of the composite rules that include
 * it ({@code CommitmentDiscountStatus-C-003-C} applies only where its column's composite,
 * {@code CommitmentDiscountStatus-C-000-C}, does: {@code COMMITMENT_DISCOUNT_SUPPORTED}). A
 * column that is null in every row counts as absent unless FOCUS makes it mandatory: staged
 * Parquet carries every column of the canonical record, null where the source has no value. Only MUST and MUST NOT rules fail a dataset; SHOULD, RECOMMENDED and MAY
 * rules are reported as advice.
 */
public final class FocusConformance {
  private final JsonNode rules;
  private final Set<String> currencies;

  /** How a rule came out. */
  public enum Status { PASSED, FAILED, ADVICE, NOT_APPLICABLE, NOT_EVALUATED }

  /** One rule's outcome: violating rows, or why it was not evaluated. */
  public record RuleResult(String ruleId, String keyword, String mustSatisfy, Status status, long violations,
      String reason) {}

  /** Every rule's outcome. */
  public record Report(List<RuleResult> results) {
    public List<RuleResult> failures() {
      return results.stream().filter(r -> r.status() == Status.FAILED).toList();
    }

    public List<RuleResult> withStatus(Status s) {
      return results.stream().filter(r -> r.status() == s).toList();
    }
  }

  private FocusConformance(JsonNode rules, Set<String> currencies) {
    this.rules = rules;
    this.currencies = currencies;
  }

  public static FocusConformance load(Path modelJson) throws IOException {
    JsonNode root = new ObjectMapper().readTree(modelJson.toFile());
    Set<String> codes = new TreeSet<>();
    try (InputStream in = FocusConformance.class.getResourceAsStream("/io/costfleet/validation/currency_codes.txt")) {
      if (in != null) {
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
          if (line.strip().matches("[A-Z]{3}")) {
            codes.add(line.strip());
          }
        }
      }
    }
    return new FocusConformance(root.path("ModelRules"), codes);
  }

  /**
   * Checks a relation ({@code read_parquet('…')} or a table name).
   *
   * @param applicability the provider capabilities to assume (e.g. {@code TAGGING_SUPPORTED})
   * @param datasetRules  whether dataset-level presence rules apply (a FOCUS CostAndUsage dataset:
   *                      yes; an aggregate such as the chargeback dataset: no)
   */
  public Report check(Connection duck, String relation, Set<String> applicability, boolean datasetRules)
      throws SQLException {
    Map<String, String> types = new LinkedHashMap<>();
    try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery("DESCRIBE SELECT * FROM " + relation)) {
      while (rs.next()) {
        types.put(rs.getString(1), rs.getString(2).toUpperCase(Locale.ROOT));
      }
    }
    dropAllNullOptionalColumns(duck, relation, types);
    Map<String, Set<String>> inherited = inheritedCriteria();
    List<RuleResult> results = new ArrayList<>();
    Map<String, String> compiled = new LinkedHashMap<>();
    Map<String, JsonNode> pending = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = rules.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String id = e.getKey();
      JsonNode rule = e.getValue();
      JsonNode vc = rule.path("ValidationCriteria");
      String keyword = vc.path("Keyword").asText();
      String text = vc.path("MustSatisfy").asText();
      String entity = rule.path("EntityType").asText();
      if (rule.path("Function").asText().equals("Composite") || entity.equals("Attribute")) {
        continue;
      }
      if (!rule.path("Type").asText().equals("Static")) {
        results.add(new RuleResult(id, keyword, text, Status.NOT_EVALUATED, 0, "dynamic rule (not machine-checkable)"));
        continue;
      }
      if (entity.equals("Dataset") && !datasetRules) {
        results.add(new RuleResult(id, keyword, text, Status.NOT_APPLICABLE, 0, "dataset-level rule; this is not a CostAndUsage dataset"));
        continue;
      }
      Set<String> missingCriteria = new TreeSet<>();
      rule.path("ApplicabilityCriteria").forEach(c -> {
        if (!applicability.contains(c.asText())) {
          missingCriteria.add(c.asText());
        }
      });
      for (String c : inherited.getOrDefault(id, Set.of())) {
        if (!applicability.contains(c)) {
          missingCriteria.add(c);
        }
      }
      if (!missingCriteria.isEmpty()) {
        results.add(new RuleResult(id, keyword, text, Status.NOT_APPLICABLE, 0, "applies when " + missingCriteria));
        continue;
      }
      JsonNode req = vc.path("Requirement");
      JsonNode cond = vc.path("Condition");
      Set<String> columns = new TreeSet<>();
      if (!req.path("CheckFunction").asText().equals("ColumnPresent")) {
        collectColumns(req, columns);
      }
      collectColumns(cond, columns);
      columns.removeAll(types.keySet());
      if (!columns.isEmpty()) {
        results.add(new RuleResult(id, keyword, text, Status.NOT_APPLICABLE, 0, "columns not in the dataset: " + columns));
        continue;
      }
      try {
        String r = sql(req, types);
        String c = cond.isEmpty() || cond.isMissingNode() ? "TRUE" : sql(cond, types);
        compiled.put(id, "count(*) FILTER (WHERE coalesce((" + c + "), FALSE) AND NOT coalesce((" + r + "), FALSE))");
        pending.put(id, rule);
      } catch (IllegalArgumentException unsupported) {
        results.add(new RuleResult(id, keyword, text, Status.NOT_EVALUATED, 0, unsupported.getMessage()));
      }
    }
    if (!compiled.isEmpty()) {
      List<String> ids = new ArrayList<>(compiled.keySet());
      StringBuilder sql = new StringBuilder("SELECT ");
      for (int i = 0; i < ids.size(); i++) {
        sql.append(i == 0 ? "" : ", ").append(compiled.get(ids.get(i)));
      }
      sql.append(" FROM ").append(relation);
      try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery(sql.toString())) {
        rs.next();
        for (int i = 0; i < ids.size(); i++) {
          JsonNode rule = pending.get(ids.get(i));
          JsonNode vc = rule.path("ValidationCriteria");
          String keyword = vc.path("Keyword").asText();
          long violations = rs.getLong(i + 1);
          boolean binding = keyword.equals("MUST") || keyword.equals("MUST NOT");
          Status st = violations == 0 ? Status.PASSED : binding ? Status.FAILED : Status.ADVICE;
          results.add(new RuleResult(ids.get(i), keyword, vc.path("MustSatisfy").asText(), st, violations, null));
        }
      }
    }
    results.sort(java.util.Comparator.comparing(RuleResult::ruleId));
    return new Report(results);
  }

  private void dropAllNullOptionalColumns(Connection duck, String relation, Map<String, String> types) throws SQLException {
    Set<String> mandatory = new TreeSet<>();
    io.costfleet.model.FocusColumn.mandatoryColumns().forEach(c -> mandatory.add(c.focusName()));
    List<String> optional = types.keySet().stream().filter(c -> !mandatory.contains(c)).toList();
    if (optional.isEmpty()) {
      return;
    }
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < optional.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append("count(").append(q(optional.get(i))).append(")");
    }
    sql.append(" FROM ").append(relation);
    try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery(sql.toString())) {
      rs.next();
      for (int i = 0; i < optional.size(); i++) {
        if (rs.getLong(i + 1) == 0) {
          types.remove(optional.get(i));
        }
      }
    }
  }

  /** Applicability criteria each rule inherits from the composite rules that include it (transitively). */
  private Map<String, Set<String>> inheritedCriteria() {
    Map<String, Set<String>> parents = new LinkedHashMap<>();
    rules.fields().forEachRemaining(e -> collectChildren(e.getValue().path("ValidationCriteria").path("Requirement"),
        e.getKey(), parents));
    Map<String, Set<String>> out = new LinkedHashMap<>();
    rules.fieldNames().forEachRemaining(id -> {
      Set<String> criteria = new TreeSet<>();
      java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(parents.getOrDefault(id, Set.of()));
      Set<String> seen = new TreeSet<>();
      while (!todo.isEmpty()) {
        String p = todo.pop();
        if (seen.add(p)) {
          rules.path(p).path("ApplicabilityCriteria").forEach(c -> criteria.add(c.asText()));
          todo.addAll(parents.getOrDefault(p, Set.of()));
        }
      }
      out.put(id, criteria);
    });
    return out;
  }

  private static void collectChildren(JsonNode n, String parent, Map<String, Set<String>> parents) {
    if (n.path("CheckFunction").asText().equals("CheckModelRule")) {
      parents.computeIfAbsent(n.path("ModelRuleId").asText(), k -> new TreeSet<>()).add(parent);
    }
    n.path("Items").forEach(i -> collectChildren(i, parent, parents));
  }

  private static void collectColumns(JsonNode n, Set<String> out) {
    if (n == null || n.isMissingNode() || n.isNull()) {
      return;
    }
    for (String k : List.of("ColumnName", "ColumnAName", "ColumnBName", "ResultColumnName")) {
      if (n.hasNonNull(k)) {
        out.add(n.get(k).asText());
      }
    }
    n.path("Items").forEach(i -> collectColumns(i, out));
  }

  private String sql(JsonNode n, Map<String, String> types) {
    String fn = n.path("CheckFunction").asText();
    String col = n.hasNonNull("ColumnName") ? n.get("ColumnName").asText() : null;
    String type = col == null ? null : types.get(col);
    return switch (fn) {
      case "AND", "OR" -> {
        List<String> parts = new ArrayList<>();
        n.path("Items").forEach(i -> parts.add("(" + sql(i, types) + ")"));
        if (parts.isEmpty()) {
          throw new IllegalArgumentException(fn + " without items");
        }
        yield String.join(fn.equals("AND") ? " AND " : " OR ", parts);
      }
      case "CheckValue" -> n.path("Value").isNull() ? q(need(col, n)) + " IS NULL" : q(need(col, n)) + " = " + literal(n.path("Value"), type);
      case "CheckNotValue" -> n.path("Value").isNull() ? q(need(col, n)) + " IS NOT NULL"
          : q(need(col, n)) + " IS DISTINCT FROM " + literal(n.path("Value"), type);
      case "CheckSameValue" -> "CAST(" + q(n.path("ColumnAName").asText()) + " AS VARCHAR) IS NOT DISTINCT FROM CAST("
          + q(n.path("ColumnBName").asText()) + " AS VARCHAR)";
      case "CheckNotSameValue" -> "CAST(" + q(n.path("ColumnAName").asText()) + " AS VARCHAR) IS DISTINCT FROM CAST("
          + q(n.path("ColumnBName").asText()) + " AS VARCHAR)";
      case "CheckGreaterOrEqualThanValue" -> q(need(col, n)) + " >= " + n.path("Value").asText();
      case "ColumnByColumnEqualsColumnValue" -> {
        String a = q(n.path("ColumnAName").asText());
        String b = q(n.path("ColumnBName").asText());
        String r = q(n.path("ResultColumnName").asText());
        yield "abs(CAST(" + a + " AS DOUBLE) * CAST(" + b + " AS DOUBLE) - CAST(" + r + " AS DOUBLE)) <= 0.000001 * greatest(1, abs(CAST("
            + r + " AS DOUBLE)))";
      }
      case "ColumnPresent" -> types.containsKey(need(n.path("ColumnName").asText(null), n)) ? "TRUE" : "FALSE";
      case "TypeDecimal" -> numeric(type) ? "TRUE" : "FALSE";
      case "TypeString" -> "VARCHAR".equals(type) ? "TRUE" : "FALSE";
      case "TypeDateTime" -> type != null && type.startsWith("TIMESTAMP") ? "TRUE" : "FALSE";
      case "CheckDecimalValue", "FormatNumeric" -> numeric(type) ? "TRUE"
          : q(need(col, n)) + " IS NULL OR regexp_full_match(" + q(col) + ", '-?[0-9]+(\\.[0-9]+)?([eE]-?[0-9]+)?')";
      case "FormatDateTime" -> type != null && type.startsWith("TIMESTAMP") ? "TRUE"
          : q(need(col, n)) + " IS NULL OR regexp_full_match(" + q(col) + ", '[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z')";
      case "FormatString" -> q(need(col, n)) + " IS NULL OR length(trim(" + q(col) + ")) > 0";
      case "FormatCurrency" -> q(need(col, n)) + " IS NULL OR regexp_full_match(" + q(col) + ", '[A-Z]{3}')";
      case "CheckNationalCurrency" -> q(need(col, n)) + " IS NULL OR " + q(col) + " IN (" + String.join(",",
          currencies.stream().map(c -> "'" + c + "'").toList()) + ")";
      case "FormatUnit" -> q(need(col, n)) + " IS NULL OR regexp_full_match(" + q(col) + ", '[A-Za-z0-9][A-Za-z0-9 ./-]*')";
      case "FormatKeyValue" -> q(need(col, n)) + " IS NULL OR (json_valid(" + q(col) + ") AND json_type(CAST(" + q(col)
          + " AS JSON)) = 'OBJECT')";
      default -> throw new IllegalArgumentException("check function " + fn + " is not evaluated row by row");
    };
  }

  private static String need(String col, JsonNode n) {
    if (col == null) {
      throw new IllegalArgumentException("check " + n.path("CheckFunction").asText() + " names no ColumnName");
    }
    return col;
  }

  private static boolean numeric(String type) {
    return type != null && (type.startsWith("DECIMAL") || type.equals("DOUBLE") || type.equals("FLOAT")
        || type.equals("BIGINT") || type.equals("INTEGER") || type.equals("HUGEINT"));
  }

  private static String literal(JsonNode v, String type) {
    if (v.isNumber()) {
      return v.asText();
    }
    return "'" + v.asText().replace("'", "''") + "'";
  }

  private static String q(String column) {
    return "\"" + column.replace("\"", "\"\"") + "\"";
  }
}
