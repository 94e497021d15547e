package io.costfleet.validation;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The value, when not null, is a national currency code from the FOCUS validator's list
 * ({@code samples/focus/focus-validator/rules/currency_codes.csv}, copied to resources).
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = CurrencyCode.Validator.class)
public @interface CurrencyCode {
  String message() default "must be an ISO 4217 currency code from the FOCUS list";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  /** The known codes, loaded once. */
  final class Codes {
    static final Set<String> ALL = load();

    private Codes() {}

    public static boolean contains(String code) {
      return ALL.contains(code);
    }

    private static Set<String> load() {
      try (InputStream in = CurrencyCode.class.getResourceAsStream("currency_codes.txt")) {
        if (in == null) {
          throw new IllegalStateException("currency_codes.txt missing from the classpath");
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
            .map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Checks membership. */
  class Validator implements ConstraintValidator<CurrencyCode, String> {
    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      return value == null || Codes.contains(value);
    }
  }
}
