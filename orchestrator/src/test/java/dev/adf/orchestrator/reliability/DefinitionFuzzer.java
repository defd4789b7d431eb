package dev.adf.orchestrator.reliability;

import dev.adf.activities.ActivityTypes;
import dev.adf.orchestrator.Orchestrator;
import dev.adf.orchestrator.Settings;
import dev.adf.orchestrator.testing.Harness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs mutated factories through {@code adf validate} and {@code adf deploy} into one home, checking
 * each run with {@link CliOracle} and, after every refused deploy, that the deployment before it is
 * intact (the store's deployed versions and window counts are unchanged). A validate that refuses
 * must be followed by a deploy that refuses.
 */
public final class DefinitionFuzzer implements AutoCloseable {
  /** Each command must end within this (a hang is a failure, not a wait). */
  public static final Duration DEADLINE = Duration.ofSeconds(60);

  /**
   * One case's result.
   *
   * @param failures empty when every rule held
   */
  public record Outcome(Mutation mutation, Cli.Run validate, Cli.Run deploy, List<String> failures) {}

  private final DefinitionMutator mutator;
  private final Cli cli;
  private final Path home;
  private final Orchestrator observer;
  private String deployed;

  /**
   * Deploys the unmutated sample into {@code home} first, so that refused deploys have a deployment
   * to keep.
   *
   * @throws IllegalStateException when that deploy fails
   */
  public DefinitionFuzzer(DefinitionMutator mutator, Cli cli, Path home) {
    this.mutator = mutator;
    this.cli = cli;
    this.home = home;
    DefinitionMutator.Source s = mutator.sample();
    Cli.Run first = cli.run(DEADLINE, List.of("deploy", s.folder().toString(), "--config", s.config().toString(),
        "--home", home.toString(), "--progress", "none"));
    if (first.exit() != 0) {
      throw new IllegalStateException("the unmutated sample did not deploy: " + first);
    }
    Path conf = Harness.repoRoot().resolve("conf");
    observer = Orchestrator.open(home, Clock.systemUTC(), Settings.load(Files.isDirectory(conf) ? conf : null),
        ActivityTypes.builtIn());
    deployed = snapshot();
  }

  /** Mutates with {@code seed} under {@code dir}, validates and deploys, and checks both. */
  public Outcome run(long seed, Path dir) throws IOException {
    DefinitionMutator.Case c = mutator.mutate(seed, dir);
    List<String> config = c.config() == null ? List.of() : List.of("--config", c.config().toString());
    List<String> validateArgs = new ArrayList<>(List.of("validate"));
    validateArgs.addAll(config);
    validateArgs.add(c.factory().toString());
    Cli.Run validate = cli.run(DEADLINE, validateArgs);
    List<String> failures = new ArrayList<>(CliOracle.check("validate", validate, c.inputFiles()));

    List<String> deployArgs = new ArrayList<>(List.of("deploy", c.factory().toString()));
    deployArgs.addAll(config);
    deployArgs.addAll(List.of("--home", home.toString(), "--progress", "none"));
    Cli.Run deploy = cli.run(DEADLINE, deployArgs);
    failures.addAll(CliOracle.check("deploy", deploy, c.inputFiles()));
    if (validate.exit() == 2 && deploy.exit() == 0) {
      failures.add("deploy: exit 0 although validate refused the same factory");
    }
    if (!deploy.timedOut()) {
      String now = snapshot();
      if (deploy.exit() != 0 && !now.equals(deployed)) {
        failures.add("deploy: refused (exit " + deploy.exit() + ") but the deployment changed: before "
            + CliOracle.clip(deployed) + ", after " + CliOracle.clip(now));
      }
      deployed = now;
    }
    return new Outcome(c.mutation(), validate, deploy, failures);
  }

  /**
   * The deployed entities' versions and the window counts per status: what a refused deploy must keep.
   * Read through one orchestrator kept open on the home for the whole run (H2 shares the open database
   * within the JVM; opening it for each reading cost about 270 ms).
   */
  private String snapshot() {
    return String.join(",", observer.store().deployedVersions()) + " | windows "
        + new java.util.TreeMap<>(observer.store().windowCounts(observer.clock().instant()).byStatus());
  }

  @Override
  public void close() {
    observer.close();
  }
}
