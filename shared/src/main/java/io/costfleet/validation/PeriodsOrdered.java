package io.costfleet.validation;

import io.costfleet.model.CostRecord;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * BillingPeriodStart is before BillingPeriodEnd, and ChargePeriodStart is not after
 * ChargePeriodEnd (both ends are exclusive bounds in FOCUS). A requirement since FOCUS 1.0.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = PeriodsOrdered.Validator.class)
public @interface PeriodsOrdered {
  String message() default "periods must be ordered";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** Reports each disordered period on its end column. */
  class Validator implements ConstraintValidator<PeriodsOrdered, CostRecord> {
    @Override
    public boolean isValid(CostRecord r, ConstraintValidatorContext context) {
      boolean ok = true;
      context.disableDefaultConstraintViolation();
      if (r.billingPeriodStart() != null && r.billingPeriodEnd() != null
          && !r.billingPeriodStart().isBefore(r.billingPeriodEnd())) {
        context.buildConstraintViolationWithTemplate("must be after BillingPeriodStart")
            .addPropertyNode("billingPeriodEnd").addConstraintViolation();
        ok = false;
      }
      if (r.chargePeriodStart() != null && r.chargePeriodEnd() != null
          && r.chargePeriodStart().isAfter(r.chargePeriodEnd())) {
        context.buildConstraintViolationWithTemplate("must not be before ChargePeriodStart")
            .addPropertyNode("chargePeriodEnd").addConstraintViolation();
        ok = false;
      }
      return ok;
    }
  }
}
