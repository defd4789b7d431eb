package dev.adf.orchestrator.cli;

import dev.adf.orchestrator.Orchestrator;
import dev.adf.orchestrator.actions.WindowActions;
import dev.adf.orchestrator.actions.Why;
import dev.adf.orchestrator.compute.BlobSliceCheck;
import dev.adf.orchestrator.schedule.AttemptLauncher;
import dev.adf.orchestrator.schedule.SchedulingPass;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code adf why}: what a Waiting window waits for, in one line. */
@Command(name = "why", description = "Say in one line what an activity window waits for: its due time, a pause,"
    + " an input slice and its status, the concurrency limit and who holds it.")
final class WhyCommand implements Callable<Integer> {
  @Mixin HomeOption home;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--pipeline", required = true) String pipeline;
  @Option(names = "--activity", required = true) String activity;
  @Option(names = "--window", required = true, paramLabel = "START", description = "WindowStart, ISO-8601 UTC.")
  String window;

  @Override
  public Integer call() {
    var start = Times.parse("--window", window);
    try (Orchestrator o = home.open()) {
      var actions = new WindowActions(o.store(), o.deployedFactory());
      var pass = new SchedulingPass(o.store(), o::deployedFactory, new BlobSliceCheck(o.storageRoot()),
          AttemptLauncher.NONE);
      String line = new Why(o.store(), actions, pass).explain(pipeline, activity, start, o.clock().instant());
      spec.commandLine().getOut().println(line);
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
  }
}
