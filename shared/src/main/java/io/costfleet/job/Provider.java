package io.costfleet.job;

/** The cloud providers costfleet extracts from. {@link #code()} is used in queue names, keys and paths. */
public enum Provider {
  AWS("aws", "AWS"),
  GCP("gcp", "Google Cloud"),
  AZURE("azure", "Microsoft");

  private final String code;
  private final String focusName;

  Provider(String code, String focusName) {
    this.code = code;
    this.focusName = focusName;
  }

  /** Lower-case short name: {@code aws}, {@code gcp}, {@code azure}. */
  public String code() { return code; }

  /** The FOCUS ProviderName value. */
  public String focusName() { return focusName; }

  @com.fasterxml.jackson.annotation.JsonValue
  public String toJson() { return code; }

  @com.fasterxml.jackson.annotation.JsonCreator
  public static Provider of(String code) {
    for (Provider p : values()) {
      if (p.code.equalsIgnoreCase(code) || p.name().equalsIgnoreCase(code)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown provider '" + code + "' (known: aws, gcp, azure)");
  }
}
