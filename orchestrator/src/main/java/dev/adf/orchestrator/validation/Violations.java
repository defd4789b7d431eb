package dev.adf.orchestrator.validation;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.Comparator;
import java.util.List;

/**
 * Jakarta Validation (Hibernate Validator) for definition documents, with each violation's property
 * path turned into the JSON pointer of the element it is about.
 */
public final class Violations {

  private static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();

  private Violations() {}

  /**
   * Bootstraps the validator on a daemon thread, so that a command that will validate definitions
   * (their first load) finds it ready instead of building it on its critical path: Hibernate
   * Validator's bootstrap was about 0.15 s of the main thread's wall time before an {@code adf run}'s
   * first pass, while the second core idled (docs/BENCHMARKS.md, issue 15). A thread that needs the
   * validator meanwhile waits for the same class initialisation; nothing runs twice.
   */
  public static void warmUpInBackground() {
    Thread t = new Thread(Violations::validator, "adf-validator-warm-up");
    t.setDaemon(true);
    t.start();
  }

  /** The shared, thread-safe validator. */
  public static Validator validator() {
    return FACTORY.getValidator();
  }

  /** The violations of {@code document}, ordered by pointer for stable output. */
  public static <T> List<ConstraintViolation<T>> of(T document) {
    return validator().validate(document).stream()
        .sorted(Comparator.comparing((ConstraintViolation<T> v) -> pointer(v.getPropertyPath()))
            .thenComparing(ConstraintViolation::getMessage))
        .toList();
  }

  /**
   * {@code properties.activities[0].policy.retry} as {@code /properties/activities/0/policy/retry}; the
   * property names of the documents are the JSON keys, so the path is the pointer.
   */
  public static String pointer(Path propertyPath) {
    StringBuilder out = new StringBuilder();
    for (Path.Node node : propertyPath) {
      if (node.isInIterable() && node.getIndex() != null) {
        out.append('/').append(node.getIndex());
      }
      if (node.getName() != null && node.getKind() != ElementKind.CONTAINER_ELEMENT
          && node.getKind() != ElementKind.BEAN) {
        out.append('/').append(node.getName());
      }
    }
    return out.toString();
  }
}
