package dev.adf.orchestrator.cli;

import picocli.CommandLine;

/** The {@code adf} command line. Exit codes: 0 done, 1 failed, 2 invalid definitions or usage. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns its exit code. */
  public static int run(String... args) {
    return run(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
  }

  /** Runs the CLI writing to {@code out} and {@code err}; returns its exit code (tests call this). */
  public static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    return run(out, err, null, args);
  }

  /**
   * Runs the CLI with a monitoring web view ({@code adf ui}, {@code adf run --ui}); returns its exit code.
   *
   * @param view the web view, or null for a build without one
   */
  public static int run(java.io.PrintWriter out, java.io.PrintWriter err, MonitoringView view, String... args) {
    // Logging writes to <home>/logs; its configuration reads adf.home, so set it before any logger.
    java.nio.file.Path option = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--home") && i + 1 < args.length) {
        option = java.nio.file.Paths.get(args[i + 1]);
      } else if (args[i].startsWith("--home=")) {
        option = java.nio.file.Paths.get(args[i].substring("--home=".length()));
      }
    }
    System.setProperty("adf.home", Home.resolve(option).toString());
    String failpoints = dev.adf.orchestrator.failpoint.Failpoints.refused();
    if (failpoints != null) {
      err.println("adf: " + failpoints);
      err.flush();
      return ExitCodes.INVALID;
    }
    if (loadsDefinitions(args)) {
      dev.adf.orchestrator.validation.Violations.warmUpInBackground();
    }
    CommandLine cli = new CommandLine(new AdfCommand(view));
    cli.setExecutionExceptionHandler(new ErrorHandler());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setOut(out);
    cli.setErr(err);
    return cli.execute(args);
  }

  /** Commands that load (and so validate) definitions on their way to their first result. */
  private static final java.util.Set<String> LOADING = java.util.Set.of(
      "run", "deploy", "validate", "quickstart", "why", "rerun", "pause", "resume", "skip", "ui");

  private static boolean loadsDefinitions(String[] args) {
    for (String a : args) {
      if (!a.startsWith("-")) {
        return LOADING.contains(a);
      }
    }
    return false;
  }
}
