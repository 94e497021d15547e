package io.costfleet.validation;

/**
 * One broken rule of a record: the FOCUS column it concerns, a stable code, a readable message and
 * the rejected value as text (null when the value was missing).
 */
public record Violation(String field, String code, String message, String rejectedValue) {

  public static Violation of(String field, String code, String message) {
    return new Violation(field, code, message, null);
  }

  @Override
  public String toString() {
    return field + ": " + message + (rejectedValue == null ? "" : " (was '" + rejectedValue + "')");
  }
}
