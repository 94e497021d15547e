package io.costfleet.validation;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Set;

/** The value, when not null, is one of the listed FOCUS values (case-sensitive, as FOCUS requires). */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = AllowedValues.Validator.class)
public @interface AllowedValues {
  String[] value();

  String message() default "must be one of {value}";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Checks membership. */
  class Validator implements ConstraintValidator<AllowedValues, String> {
    private Set<String> allowed;

    @Override
    public void initialize(AllowedValues annotation) {
      allowed = Set.of(annotation.value());
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      return value == null || allowed.contains(value);
    }
  }
}
