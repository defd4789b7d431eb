package dev.adf.orchestrator.cli;

import dev.adf.orchestrator.Orchestrator;
import dev.adf.orchestrator.actions.WindowActions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code adf skip}: Waiting or Failed windows become Skipped (ADF Skip). */
@Command(name = "skip", description = "Mark Waiting or Failed activity windows Skipped: they are never processed,"
    + " and windows that need them as input are Skipped too. Ready and Skipped windows are left as they are;"
    + " InProgress ones are refused.")
final class SkipCommand implements Callable<Integer> {
  @Mixin HomeOption home;
  @Mixin WindowSelector select;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    var selection = select.selection();
    try (Orchestrator o = home.open()) {
      var actions = new WindowActions(o.store(), o.deployedFactory());
      Audit.run(o, spec, "skip", selection.toString(), () -> {
        var outcome = actions.skip(selection, o.clock().instant());
        ActionReport.print(spec.commandLine().getOut(), "skipped", "Skipped", outcome);
        return new Audit.Done(selection.toString(), outcome.changed().size(), outcome.changed().size()
            + " window(s) skipped, " + outcome.unchanged().size() + " left as they are");
      });
      return ExitCodes.OK;
    }
  }
}
