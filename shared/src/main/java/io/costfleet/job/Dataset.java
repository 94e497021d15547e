package io.costfleet.job;

/** What a job extracts: unamortized usage cost, amortized cost, or a provider's own FOCUS export. */
public enum Dataset {
  USAGE("usage"),
  AMORTIZED("amortized"),
  FOCUS("focus");

  private final String code;

  Dataset(String code) {
    this.code = code;
  }

  public String code() { return code; }

  @com.fasterxml.jackson.annotation.JsonValue
  public String toJson() { return code; }

  @com.fasterxml.jackson.annotation.JsonCreator
  public static Dataset of(String code) {
    for (Dataset d : values()) {
      if (d.code.equalsIgnoreCase(code)) {
        return d;
      }
    }
    throw new IllegalArgumentException("unknown dataset '" + code + "' (known: usage, amortized, focus)");
  }
}
