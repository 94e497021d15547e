package io.costfleet.validation;

import io.costfleet.model.CostRecord;
import io.costfleet.model.FocusColumn;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Checks a {@link CostRecord} against the record contract and returns every violation, each named
 * by its FOCUS column, sorted by column then code. Thread-safe; build one and share it.
 */
public final class RecordValidator implements AutoCloseable {
  private static final Map<String, String> FOCUS_NAMES = new ConcurrentHashMap<>();

  private final ValidatorFactory factory;
  private final Validator validator;

  public RecordValidator() {
    factory = Validation.byDefaultProvider().configure()
        .messageInterpolator(new ParameterMessageInterpolator())
        .buildValidatorFactory();
    validator = factory.getValidator();
  }

  /** Violations of the FOCUS 1.2 contract costfleet stages. */
  public List<Violation> validate(CostRecord record) {
    return validate(record, FocusVersion.V1_2);
  }

  /** Violations of the requirements of the given FOCUS version. */
  public List<Violation> validate(CostRecord record, FocusVersion version) {
    Set<ConstraintViolation<CostRecord>> found = validator.validate(record, version.group());
    List<Violation> out = new ArrayList<>(found.size());
    for (ConstraintViolation<CostRecord> v : found) {
      String code = v.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
      Object invalid = v.getInvalidValue();
      String rejected = invalid == null || invalid instanceof CostRecord ? null : String.valueOf(invalid);
      out.add(new Violation(focusName(v.getPropertyPath()), code, v.getMessage(), rejected));
    }
    out.sort(Comparator.comparing(Violation::field).thenComparing(Violation::code));
    return out;
  }

  /** The FOCUS column name of a record property path ({@code billedCost} becomes {@code BilledCost}). */
  static String focusName(Path path) {
    String property = null;
    for (Path.Node node : path) {
      if (node.getName() != null) {
        property = node.getName();
      }
    }
    if (property == null) {
      return "record";
    }
    return FOCUS_NAMES.computeIfAbsent(property, RecordValidator::toFocusName);
  }

  private static String toFocusName(String property) {
    String upper = Character.toUpperCase(property.charAt(0)) + property.substring(1);
    if (property.length() > 1 && property.charAt(0) == 'x' && Character.isUpperCase(property.charAt(1))) {
      upper = "x_" + property.substring(1);
    }
    FocusColumn column = FocusColumn.byName(upper);
    return column == null ? upper : column.focusName();
  }

  @Override
  public void close() {
    factory.close();
  }
}
