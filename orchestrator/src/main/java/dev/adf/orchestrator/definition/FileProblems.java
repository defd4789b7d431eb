package dev.adf.orchestrator.definition;

import dev.adf.orchestrator.catalog.ProblemSink;
import dev.adf.orchestrator.validation.Problem;
import dev.adf.orchestrator.validation.Problem.Severity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The problems of one definition file while it is bound, located through its {@link LocatedJson}. */
final class FileProblems implements ProblemSink {
  private final LocatedJson json;
  private final List<Problem> problems = new ArrayList<>();
  private final Set<String> failedPointers = new HashSet<>();

  FileProblems(LocatedJson json) {
    this.json = json;
    problems.addAll(json.problems());
  }

  LocatedJson json() {
    return json;
  }

  /**
   * Reports an ERROR at {@code pointer}, unless that place already has one: the first error of a place
   * is the one that explains it (a placeholder, not the ISO-8601 check the placeholder then fails).
   */
  @Override
  public void error(String pointer, String message) {
    if (failedPointers.add(pointer.toLowerCase(Locale.ROOT))) {
      problems.add(json.problem(Severity.ERROR, pointer, message));
    }
  }

  @Override
  public void warning(String pointer, String message) {
    problems.add(json.problem(Severity.WARNING, pointer, message));
  }

  void add(Problem problem) {
    problems.add(problem);
  }

  /** True when {@code pointer} already has an ERROR (so nothing is derived from its bad value). */
  boolean failedAt(String pointer) {
    return failedPointers.contains(pointer.toLowerCase(Locale.ROOT));
  }

  boolean hasErrors() {
    return problems.stream().anyMatch(Problem::isError);
  }

  List<Problem> problems() {
    return problems;
  }
}
