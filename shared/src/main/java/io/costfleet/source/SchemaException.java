package io.costfleet.source;

import java.util.List;

/** The source's schema lacks a column the normalizer requires; the message names every missing column. */
public class SchemaException extends PermanentException {
  private final List<String> missingColumns;

  public SchemaException(String source, List<String> missingColumns) {
    super(source + " is missing required column" + (missingColumns.size() == 1 ? " " : "s ")
        + String.join(", ", missingColumns));
    this.missingColumns = List.copyOf(missingColumns);
  }

  public List<String> missingColumns() {
    return missingColumns;
  }
}
