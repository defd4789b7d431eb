package dev.adf.orchestrator.cli;

import dev.adf.orchestrator.Deployer;
import dev.adf.orchestrator.Orchestrator;
import dev.adf.orchestrator.store.Store;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code adf deploy}: validate, then store and lay out windows; all or nothing. */
@Command(name = "deploy", description = "Validate, then store the definitions (versioned) and lay out their"
    + " activity windows. Changes nothing when invalid.")
final class DeployCommand implements Callable<Integer> {
  @Mixin HomeOption home;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1", paramLabel = "PATH", description = "Folder (or file) of ADF v1 JSON.")
  Path path;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Environment config: values replaced by JSON path per entity file.")
  Path config;

  @Override
  public Integer call() {
    try (Orchestrator o = home.open()) {
      return deploy(o, path, config, spec.commandLine().getOut(), spec.commandLine());
    }
  }

  static int deploy(Orchestrator o, Path path, Path config, PrintWriter out, picocli.CommandLine cli) {
    Deployer.Report report = new Deployer(o).deploy(List.of(path), config);
    if (report.refused()) {
      Reports.printProblems(cli, report.problems(), report.files(), "valid");
      cli.getErr().println("Nothing was deployed; what was deployed before is unchanged.");
      cli.getErr().flush();
      return ExitCodes.INVALID;
    }
    report.problems().forEach(p -> out.println("warning " + p.render()));
    out.println(describe(report.outcome()));
    out.flush();
    return ExitCodes.OK;
  }

  static String describe(Store.DeployOutcome d) {
    if (d.deployment() == 0) {
      return "No changes: the deployed definitions are the same. Windows created: " + d.windowsCreated()
          + ", dropped: " + d.windowsDropped() + ".";
    }
    return "Deployment " + d.deployment() + ": added " + list(d.added()) + "; changed " + list(d.changed())
        + "; removed " + list(d.removed()) + ". Windows created: " + d.windowsCreated() + ", dropped: "
        + d.windowsDropped() + ".";
  }

  private static String list(List<String> l) {
    return l.isEmpty() ? "none" : String.join(", ", l);
  }
}
