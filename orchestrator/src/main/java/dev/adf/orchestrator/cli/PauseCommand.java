package dev.adf.orchestrator.cli;

import dev.adf.orchestrator.Orchestrator;
import dev.adf.orchestrator.actions.WindowActions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code adf pause}: a run-time pause, kept in the database across redeploys until {@code adf resume}. */
@Command(name = "pause", description = "Pause a pipeline: the scheduler starts none of its windows (they show"
    + " Waiting/ActivityResume) until adf resume. Separate from the JSON isPaused; either one pauses."
    + " Running attempts go on to their end unless --terminate.")
final class PauseCommand implements Callable<Integer> {
  @Mixin HomeOption home;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PIPELINE") String pipeline;

  @Option(names = "--terminate", description = "Also cancel its running attempts: the running scheduler (adf run)"
      + " stops their engine jobs; they end Canceled, their windows Failed/Canceled (adf rerun runs them again).")
  boolean terminate;

  @Override
  public Integer call() {
    try (Orchestrator o = home.open()) {
      WindowActions actions = new WindowActions(o.store(), o.deployedFactory());
      var done = Audit.run(o, spec, terminate ? "pause --terminate" : "pause", pipeline, () -> {
        var paused = actions.pause(pipeline, terminate, o.clock().instant());
        return new Audit.Done(paused.name(), actions.inProgress(paused.name()).size(), "paused " + paused.name()
            + (terminate ? " (terminate)" : ""));
      });
      var p = actions.pipeline(done.target());
      int running = done.changed();
      PrintWriter out = spec.commandLine().getOut();
      out.println("paused " + p.name() + (terminate ? " (terminate)" : "") + ": none of its windows starts until"
          + " adf resume " + p.name() + ".");
      if (running > 0 && terminate) {
        var canceled = o.cancelWithoutScheduler(p.name());
        out.println(canceled.isPresent()
            ? canceled.getAsInt() + " attempt(s) were InProgress with no scheduler running: canceled now; their"
                + " windows are Failed/Canceled (adf rerun runs them again)."
            : running + " attempt(s) running: the running scheduler (adf run) cancels them at its next pass;"
                + " they end Canceled.");
      } else if (running > 0) {
        out.println(running + " attempt(s) running: they go on to their end (adf pause --terminate cancels them).");
      }
      out.flush();
      return ExitCodes.OK;
    }
  }
}
