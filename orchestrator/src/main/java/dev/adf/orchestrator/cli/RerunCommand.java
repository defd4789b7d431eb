package dev.adf.orchestrator.cli;

import dev.adf.orchestrator.Orchestrator;
import dev.adf.orchestrator.actions.WindowActions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code adf rerun}: Ready, Failed or Skipped windows go back to Waiting (ADF Rerun). */
@Command(name = "rerun", description = {
    "Send activity windows that are Ready, Failed or Skipped back to Waiting; the scheduler runs them again"
        + " (attempt numbers continue). Waiting windows are left as they are; InProgress ones are refused.",
    "Does not cascade downstream (as in ADF): rerun downstream windows that are Ready too if they must run again."})
final class RerunCommand implements Callable<Integer> {
  @Mixin HomeOption home;
  @Mixin WindowSelector select;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--upstream", description = "Also rerun the upstream windows in the same pipeline that produce"
      + " these windows' inputs (ADF: Rerun with upstream in pipeline).")
  boolean upstream;

  @Override
  public Integer call() {
    var selection = select.selection();
    try (Orchestrator o = home.open()) {
      var actions = new WindowActions(o.store(), o.deployedFactory());
      Audit.run(o, spec, upstream ? "rerun --upstream" : "rerun", selection.toString(), () -> {
        var outcome = actions.rerun(selection, upstream, o.clock().instant());
        ActionReport.print(spec.commandLine().getOut(), "rerun", "Waiting", outcome);
        return new Audit.Done(selection.toString(), outcome.changed().size(), outcome.changed().size()
            + " window(s) sent back to Waiting, " + outcome.unchanged().size() + " left as they are");
      });
      return ExitCodes.OK;
    }
  }
}
