package io.costfleet.close.allocation;

/**
 * A rule file that cannot be used: it does not parse, or it names an unknown driver, key or cost
 * center. The message names the file and the 1-based line, e.g.
 * {@code rules.yaml line 12: unknown driver 'db-usage' (known: compute-spend, fixed-weights, usage-quantity)}.
 */
public final class RuleFileException extends Exception {
  private final String file;
  private final int line;

  public RuleFileException(String file, int line, String problem) {
    super(file + " line " + line + ": " + problem);
    this.file = file;
    this.line = line;
  }

  /** The file's name as given to the parser. */
  public String file() {
    return file;
  }

  /** 1-based line of the offending node. */
  public int line() {
    return line;
  }
}
