package dev.adf.orchestrator.cli;

import dev.adf.orchestrator.Orchestrator;
import dev.adf.orchestrator.actions.WindowActions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code adf resume}: clears an {@code adf pause}. */
@Command(name = "resume", description = "Resume a pipeline paused with adf pause: its pending windows proceed"
    + " at the next scheduling pass.")
final class ResumeCommand implements Callable<Integer> {
  @Mixin HomeOption home;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PIPELINE") String pipeline;

  @Override
  public Integer call() {
    try (Orchestrator o = home.open()) {
      WindowActions actions = new WindowActions(o.store(), o.deployedFactory());
      var p = Audit.run(o, spec, "resume", pipeline, () -> {
        var found = actions.pipeline(pipeline);
        return new Audit.Done(found.name(), 0, actions.resume(found.name()) ? "resumed " + found.name()
            : found.name() + " was not paused by adf pause; nothing changed");
      });
      boolean was = p.result().startsWith("resumed");
      PrintWriter out = spec.commandLine().getOut();
      var def = actions.pipeline(p.target());
      out.println((was ? "resumed " : "was not paused by adf pause: ") + def.name()
          + (def.paused() ? "; it stays paused by \"isPaused\": true in its JSON (set it false and adf deploy)" : "."));
      out.flush();
      return ExitCodes.OK;
    }
  }
}
