package dev.adf.orchestrator.definition;

import dev.adf.orchestrator.validation.Problem;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@link DefinitionLoader#load} found.
 *
 * @param factory the definitions, or null when any problem is an ERROR
 * @param problems every problem, ERRORs and WARNINGs, in file order ({@link Problem#IN_FILE_ORDER});
 *     each renders as one line with {@link Problem#render()}
 * @param files every JSON file read, sorted, whether or not it held an entity
 */
public record LoadResult(Factory factory, List<Problem> problems, List<Path> files) {

  public LoadResult {
    problems = problems.stream().sorted(Problem.IN_FILE_ORDER).toList();
    files = List.copyOf(files);
  }

  public boolean hasErrors() {
    return problems.stream().anyMatch(Problem::isError);
  }

  /** The factory when there are no errors. */
  public Optional<Factory> factoryIfValid() {
    return Optional.ofNullable(factory);
  }

  public List<Problem> errors() {
    return problems.stream().filter(Problem::isError).toList();
  }

  public List<Problem> warnings() {
    return problems.stream().filter(p -> !p.isError()).toList();
  }

  /** Every problem rendered, one line each ({@code file:line:col  $.path  message}). */
  public List<String> rendered() {
    return problems.stream().map(Problem::render).toList();
  }
}
