package io.costfleet.validation;

import jakarta.validation.groups.Default;

/**
 * FOCUS versions a source file may declare. Each version validates the requirements that version
 * had: FOCUS 0.5 had no ListCost/ContractedCost and no period-ordering rule; 1.0 added them. The
 * canonical record costfleet produces is validated as {@link #V1_2}.
 */
public enum FocusVersion {
  V0_5("0.5", Focus05.class),
  V1_0("1.0", Focus10.class),
  V1_1("1.1", Focus11.class),
  V1_2("1.2", Focus12.class);

  /** Requirements FOCUS 0.5 already had (the Default group). */
  public interface Focus05 extends Default {}

  /** Requirements introduced in FOCUS 1.0. */
  public interface Focus10 extends Focus05 {}

  /** Requirements introduced in FOCUS 1.1. */
  public interface Focus11 extends Focus10 {}

  /** Requirements introduced in FOCUS 1.2. */
  public interface Focus12 extends Focus11 {}

  private final String label;
  private final Class<?> group;

  FocusVersion(String label, Class<?> group) {
    this.label = label;
    this.group = group;
  }

  public String label() { return label; }

  Class<?> group() { return group; }

  /** Parses "1.2", "1.2-preview", "v1.0" and the like. */
  public static FocusVersion parse(String text) {
    String t = text.strip().toLowerCase().replaceFirst("^v", "");
    for (FocusVersion v : values()) {
      if (t.startsWith(v.label)) {
        return v;
      }
    }
    throw new IllegalArgumentException("unknown FOCUS version '" + text + "' (known: 0.5, 1.0, 1.1, 1.2)");
  }
}
