package dev.adf.orchestrator.cli;

import dev.adf.orchestrator.Definitions;
import dev.adf.orchestrator.definition.DefinitionLoader;
import dev.adf.orchestrator.validation.Problem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code adf validate}: parse and validate, print every problem, change nothing. Exit 2 when any
 * problem is an error, else 0, in either format.
 */
@Command(name = "validate",
    description = {
      "Parse and validate ADF v1 JSON (folders or files) and print every problem; exit 2 when any is an error.",
      "By default the files are checked as one factory: each file, then references between them"
          + " (linked services, datasets), names, and each activity's scheduler against its output"
          + " dataset's availability.",
      "With --each, each file is checked on its own (syntax, kind, types, required properties, values),"
          + " without the entities it references."
    })
final class ValidateCommand implements Callable<Integer> {
  /** How the report is printed. */
  enum Format { text, json }

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Folders (searched recursively for *.json) or files.")
  List<Path> paths;

  @Option(names = "--config", paramLabel = "FILE", description = "Environment config applied before validation.")
  Path config;

  @Option(names = "--each", description = "Check each file on its own; references to other entities are not checked.")
  boolean each;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text (default): one line per problem, errors on stderr. json: only a JSON array on stdout,"
          + " one element per file: {file, ok, problems: [{severity, pointer, line, column, message}]};"
          + " line and column are 0 when unknown.")
  Format format;

  @Override
  public Integer call() {
    DefinitionLoader.Scope scope = each ? DefinitionLoader.Scope.EACH : DefinitionLoader.Scope.SET;
    Definitions.Loaded loaded = Definitions.load(paths, config, scope);
    if (format == Format.json) {
      PrintWriter out = spec.commandLine().getOut();
      out.println(ProblemsJson.render(loaded.files(), loaded.problems()));
      out.flush();
      return loaded.problems().stream().anyMatch(Problem::isError) ? ExitCodes.INVALID : ExitCodes.OK;
    }
    return Reports.printProblems(spec.commandLine(), loaded.problems(), loaded.files().size(),
        each ? "each file valid (references not checked)" : "valid");
  }
}
