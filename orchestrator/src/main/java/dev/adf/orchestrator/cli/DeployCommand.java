package dev.adf.orchestrator.cli;

import dev.adf.orchestrator.Deployer;
import dev.adf.orchestrator.LayoutProgress;
import dev.adf.orchestrator.Orchestrator;
import dev.adf.orchestrator.schedule.SchedulingPass;
import dev.adf.orchestrator.store.Store;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code adf deploy}: validate, then store and lay out windows; all or nothing. {@code --plan}: show only. */
@Command(name = "deploy",
    description = {
      "Validate, then store the definitions (versioned) and lay out their activity windows. Changes nothing"
          + " when invalid (exit 2).",
      "With --plan, print what a deploy now would change against what is deployed (entities added,"
          + " changed, removed; activity windows created and dropped, per activity, with the first and"
          + " last window start in UTC) and change nothing."
    })
final class DeployCommand implements Callable<Integer> {
  @Mixin HomeOption home;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1", paramLabel = "PATH", description = "Folder (or file) of ADF v1 JSON.")
  Path path;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Environment config: values replaced by JSON path per entity file.")
  Path config;

  @Option(names = "--plan", description = "Show what the deploy would change; deploy nothing.")
  boolean plan;

  @Option(names = "--replace-secrets", description = "When the deployed definitions hold secrets sealed with a"
      + " key this process does not have (a lost key), seal the new ones with this process's key instead of"
      + " refusing.")
  boolean replaceSecrets;

  @picocli.CommandLine.Mixin ProgressOptions progress;

  @Override
  public Integer call() {
    try (Orchestrator o = home.open()) {
      ProgressOptions.Mode mode = progress.resolveHere(ProgressOptions.Mode.auto);
      if (plan) {
        return plan(o, path, config, spec.commandLine(), mode, progress.interval());
      }
      return deploy(o, path, config, spec.commandLine().getOut(), spec.commandLine(), mode, progress.interval(),
          replaceSecrets);
    }
  }

  /** Deploys with no progress line (the quickstart's deploy of the one-window sample). */
  static int deploy(Orchestrator o, Path path, Path config, PrintWriter out, picocli.CommandLine cli) {
    return deploy(o, path, config, out, cli, ProgressOptions.Mode.none, Duration.ofSeconds(5));
  }

  /**
   * Deploys {@code path}, showing the layout's progress on stderr in {@code mode} (tty or plain lines
   * while it lasts, erased or not repeated at the end: the outcome line says what changed).
   */
  static int deploy(Orchestrator o, Path path, Path config, PrintWriter out, picocli.CommandLine cli,
      ProgressOptions.Mode mode, Duration interval) {
    return deploy(o, path, config, out, cli, mode, interval, false);
  }

  static int deploy(Orchestrator o, Path path, Path config, PrintWriter out, picocli.CommandLine cli,
      ProgressOptions.Mode mode, Duration interval, boolean replaceSecrets) {
    LayoutProgress layout = new LayoutProgress();
    Deployer.Report report;
    try (ProgressReporter p = layoutReporter("deploy", mode, interval, cli, o, layout)) {
      report = new Deployer(o, replaceSecrets).deploy(List.of(path), config, layout);
    }
    if (report.refused()) {
      return refused(cli, report);
    }
    report.problems().forEach(p -> out.println("warning " + p.render()));
    out.println(describe(report.outcome()));
    out.flush();
    return ExitCodes.OK;
  }

  /**
   * Prints the plan of a deploy of {@code path} on stdout (problems as for deploy); changes nothing.
   *
   * @return {@link ExitCodes#OK}, or {@link ExitCodes#INVALID} when the definitions are invalid
   */
  static int plan(Orchestrator o, Path path, Path config, picocli.CommandLine cli, ProgressOptions.Mode mode,
      Duration interval) {
    LayoutProgress layout = new LayoutProgress();
    Deployer.Report report;
    try (ProgressReporter p = layoutReporter("plan", mode, interval, cli, o, layout)) {
      report = new Deployer(o).plan(List.of(path), config, layout);
    }
    if (report.refused()) {
      return refused(cli, report);
    }
    PrintWriter out = cli.getOut();
    report.problems().forEach(p -> out.println("warning " + p.render()));
    printPlan(out, report);
    out.flush();
    return ExitCodes.OK;
  }

  /** A progress line over {@code layout}: windows laid out of the total, the rate, the time left. */
  private static ProgressReporter layoutReporter(String label, ProgressOptions.Mode mode, Duration interval,
      picocli.CommandLine cli, Orchestrator o, LayoutProgress layout) {
    ProgressReporter.Symbols symbols = ProgressReporter.Symbols.forDefaultCharset();
    return new ProgressReporter(label, mode, interval, null, cli.getErr(), o.clock(), now -> reading(layout),
        symbols).start();
  }

  /**
   * Before the layout is known: reading the definitions; then windows laid out of the total, and
   * "committing" once the store has read the whole layout (its last chunk is written and the
   * transaction commits).
   */
  static ProgressReporter.Reading reading(LayoutProgress layout) {
    long total = layout.total();
    if (total < 0) {
      return new ProgressReporter.Reading(0, -1, "reading and validating the definitions");
    }
    long done = Math.min(layout.done(), total);
    return new ProgressReporter.Reading(done, total - done, String.format(java.util.Locale.ROOT,
        "activity windows %,d of %,d laid out (%d %%)%s", done, total, total == 0 ? 100 : done * 100 / total,
        done == total ? ", committing" : ""));
  }

  private static int refused(picocli.CommandLine cli, Deployer.Report report) {
    Reports.printProblems(cli, report.problems(), report.files(), "valid");
    cli.getErr().println("Nothing was deployed; what was deployed before is unchanged.");
    cli.getErr().flush();
    return ExitCodes.INVALID;
  }

  /** The plan as text: entities, then windows per activity, then that nothing was deployed. */
  static void printPlan(PrintWriter out, Deployer.Report report) {
    Store.DeployOutcome d = report.outcome();
    out.println("Plan at " + report.at() + " (UTC), against what is deployed now:");
    out.println();
    int entities = d.added().size() + d.changed().size() + d.removed().size();
    if (entities == 0) {
      out.println("Entities: no changes; the deployed definitions are the same.");
    } else {
      out.println("Entities: " + d.added().size() + " added, " + d.changed().size() + " changed, "
          + d.removed().size() + " removed (would be deployment " + d.deployment() + ")");
      List<List<String>> rows = new ArrayList<>();
      d.added().forEach(e -> rows.add(entityRow("add", e)));
      d.changed().forEach(e -> rows.add(entityRow("change", e)));
      d.removed().forEach(e -> rows.add(entityRow("remove", e)));
      Tables.print(out, List.of("  CHANGE", "KIND", "NAME"), rows);
    }
    out.println();
    if (d.windows().isEmpty()) {
      out.println("Activity windows: no changes.");
    } else {
      out.println("Activity windows: " + d.windowsCreated() + " created, " + d.windowsDropped()
          + " dropped (dropped windows lose their run history; windows are laid out up to "
          + SchedulingPass.LAYOUT_LOOKAHEAD.toDays() + " days ahead, later ones as time passes)");
      List<List<String>> rows = new ArrayList<>();
      for (Store.WindowChanges w : d.windows()) {
        if (w.created().count() > 0) {
          rows.add(windowRow(w, "create", w.created()));
        }
        if (w.dropped().count() > 0) {
          rows.add(windowRow(w, "drop", w.dropped()));
        }
      }
      Tables.print(out, List.of("  PIPELINE", "ACTIVITY", "CHANGE", "WINDOWS", "FIRST START", "LAST START"),
          rows);
    }
    out.println();
    out.println(entities == 0 && d.windows().isEmpty()
        ? "Nothing was deployed (plan only); a deploy now would change nothing."
        : "Nothing was deployed (plan only). Run adf deploy without --plan to make these changes.");
  }

  /** "Kind name" split into a row. */
  private static List<String> entityRow(String change, String kindAndName) {
    int space = kindAndName.indexOf(' ');
    return List.of("  " + change, kindAndName.substring(0, space), kindAndName.substring(space + 1));
  }

  private static List<String> windowRow(Store.WindowChanges w, String change, Store.WindowSpan span) {
    return List.of("  " + w.activity().pipeline(), w.activity().activity(), change, String.valueOf(span.count()),
        Tables.time(span.first()), Tables.time(span.last()));
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
