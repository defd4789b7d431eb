package dev.adf.orchestrator.cli;

import dev.adf.activities.ActivityTypes;
import dev.adf.orchestrator.Orchestrator;
import dev.adf.orchestrator.Settings;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Option;

/** The {@code --home} option shared by commands that use the orchestrator's state. */
final class HomeOption {
  @Option(names = "--home", paramLabel = "DIR",
      description = "State folder (database, local blob store, engine work). Default: $ADF_HOME, else ./var")
  Path home;

  Path resolve() {
    return Home.resolve(home);
  }

  /** Opens the orchestrator on the system clock in UTC. */
  Orchestrator open() {
    return Orchestrator.open(resolve(), Clock.systemUTC(), Settings.load(Home.conf()), ActivityTypes.builtIn());
  }
}
