package io.costfleet.source.csv;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A CSV header: column names as given (BOM and surrounding blanks removed), and a name → index
 * lookup. The first occurrence of a duplicated name wins.
 */
public final class CsvHeader {
  private final List<String> names;
  private final Map<String, Integer> index = new HashMap<>();

  public CsvHeader(List<String> rawNames) {
    this.names = rawNames.stream().map(CsvHeader::clean).toList();
    for (int i = 0; i < names.size(); i++) {
      index.putIfAbsent(names.get(i), i);
    }
  }

  static String clean(String name) {
    String n = name == null ? "" : name;
    if (!n.isEmpty() && n.charAt(0) == '\uFEFF') {
      n = n.substring(1);
    }
    return n.strip();
  }

  public List<String> names() {
    return Collections.unmodifiableList(names);
  }

  public int size() {
    return names.size();
  }

  public int index(String name) {
    Integer i = index.get(name);
    return i == null ? -1 : i;
  }

  public boolean contains(String name) {
    return index.containsKey(name);
  }

  /** A header whose names are renamed (e.g. localized or legacy names to canonical ones). */
  public CsvHeader renamed(java.util.function.UnaryOperator<String> rename) {
    return new CsvHeader(names.stream().map(rename).toList());
  }
}
