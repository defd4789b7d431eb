package dev.adf.orchestrator.cli;

import dev.adf.orchestrator.Definitions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code adf validate}: parse and validate, print every problem, change nothing. */
@Command(name = "validate", description = "Parse and validate ADF v1 JSON (folders or files) and print every problem.")
final class ValidateCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Folders (searched recursively for *.json) or files.")
  List<Path> paths;

  @Option(names = "--config", paramLabel = "FILE", description = "Environment config applied before validation.")
  Path config;

  @Override
  public Integer call() {
    Definitions.Loaded loaded = Definitions.load(paths, config);
    return Reports.printProblems(spec.commandLine(), loaded.problems(), loaded.files().size(), "valid");
  }
}
