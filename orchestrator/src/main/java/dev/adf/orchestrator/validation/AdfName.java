package dev.adf.orchestrator.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * An ADF entity or activity name (adf-v1-semantics §1, [S12], ARM pattern [S14]): starts with a letter,
 * digit or {@code _}; none of {@code < > * # . % & : \ + ? /}; at most {@value #MAX_LENGTH} characters.
 * Null is valid (pair with {@code @NotNull}).
 */
@Documented
@Constraint(validatedBy = {})
@Pattern(regexp = AdfName.PATTERN)
@Size(max = AdfName.MAX_LENGTH)
@ReportAsSingleViolation
@Target({FIELD, METHOD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Retention(RUNTIME)
public @interface AdfName {
  /** ARM 2015-10-01 name pattern. */
  String PATTERN = "^[A-Za-z0-9_][^<>*#.%&:\\\\+?/]*$";

  int MAX_LENGTH = 260;

  String message() default
      "name '${validatedValue}' is not a valid ADF name: start with a letter, digit or _, avoid"
          + " < > * # . % & : \\ + ? / and use at most 260 characters";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
