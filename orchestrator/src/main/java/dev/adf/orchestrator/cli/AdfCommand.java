package dev.adf.orchestrator.cli;

import picocli.CommandLine.Command;

/** The top command; see the subcommands. */
@Command(
    name = "adf",
    mixinStandardHelpOptions = true,
    scope = picocli.CommandLine.ScopeType.INHERIT,
    version = "adf-orchestrator 0.1.0",
    description = "Runs Azure Data Factory v1 pipelines: validate and deploy JSON definitions, run their"
        + " activity windows, show the run history.",
    subcommands = {
      ValidateCommand.class,
      DeployCommand.class,
      RunCommand.class,
      WindowsCommand.class,
      RunsCommand.class,
      RerunCommand.class,
      SkipCommand.class,
      PauseCommand.class,
      ResumeCommand.class,
      WhyCommand.class,
      SchedulersCommand.class,
      UiCommand.class,
      EngineCommand.class,
      QuickstartCommand.class
    })
final class AdfCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
  private final MonitoringView view;

  AdfCommand(MonitoringView view) {
    this.view = view;
  }

  /**
   * The monitoring web view of this build.
   *
   * @throws UserException when this build has none (the orchestrator module run on its own)
   */
  MonitoringView view() {
    if (view == null) {
      throw new UserException("this build of adf has no web view: run the adf script (it starts dev.adf.cli.Main)",
          ExitCodes.FAILED);
    }
    return view;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
