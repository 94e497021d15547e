package io.costfleet.worker.azure;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One row of a Query API page: its values, read by column name ({@code properties.columns}), never
 * by position, since the columns' order follows the request's grouping and the API version.
 *
 * @param columns the page's columns
 * @param values  the row's JSON array (numbers kept as exact decimals)
 */
public record QueryRow(Columns columns, JsonNode values) {

  public QueryRow {
    Objects.requireNonNull(columns, "columns");
    Objects.requireNonNull(values, "values");
  }

  /** The value of a column, or null when the page lacks the column or the row holds null there. */
  public JsonNode get(String column) {
    int i = columns.index(column);
    if (i < 0 || i >= values.size()) {
      return null;
    }
    JsonNode v = values.get(i);
    return v == null || v.isNull() ? null : v;
  }

  /** A column's value as text (numbers in plain notation), or null. */
  public String text(String column) {
    JsonNode v = get(column);
    if (v == null) {
      return null;
    }
    return v.isNumber() ? v.decimalValue().toPlainString() : v.asText();
  }

  /** The columns of one page ({@code properties.columns}): names and types, looked up case-insensitively. */
  public static final class Columns {
    private final List<String> names;
    private final List<String> types;
    private final Map<String, Integer> index = new HashMap<>();

    /**
     * @param names the column names in order
     * @param types their types ({@code Number}, {@code String}, ...)
     */
    public Columns(List<String> names, List<String> types) {
      this.names = List.copyOf(names);
      this.types = List.copyOf(types);
      for (int i = 0; i < this.names.size(); i++) {
        index.putIfAbsent(this.names.get(i).toLowerCase(Locale.ROOT), i);
      }
    }

    public List<String> names() {
      return names;
    }

    public List<String> types() {
      return types;
    }

    public int index(String name) {
      return index.getOrDefault(name.toLowerCase(Locale.ROOT), -1);
    }

    public boolean has(String name) {
      return index(name) >= 0;
    }

    /** The page's own spelling of the first candidate it has, or null. */
    public String first(String... candidates) {
      for (String c : candidates) {
        if (has(c)) {
          return names.get(index(c));
        }
      }
      return null;
    }
  }
}
