package dev.adf.orchestrator.cli;

import dev.adf.orchestrator.Orchestrator;
import dev.adf.orchestrator.actions.ActionException;
import dev.adf.orchestrator.history.AuditEntry;
import java.net.InetAddress;
import java.util.List;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Records the CLI's user actions ({@code adf rerun}, {@code skip}, {@code pause}, {@code resume}) in
 * the audit log the web view shows, refused ones too: who ({@code cli:USER@HOST}), the command line
 * as typed, and what it changed.
 */
final class Audit {
  private Audit() {}

  /** What an action reports for the log. */
  record Done(String target, int changed, String result) {}

  /**
   * Runs {@code action} and records it; an {@link ActionException} is recorded as refused and rethrown.
   *
   * @param verb the audit action name ({@code rerun}, {@code rerun --upstream}, ...)
   */
  static Done run(Orchestrator o, CommandSpec spec, String verb, String target, Supplier<Done> action) {
    String command = "adf " + String.join(" ", quoted(spec.commandLine().getParseResult().originalArgs()));
    try {
      Done d = action.get();
      o.history().record(new AuditEntry(0, o.clock().instant(), actor(), verb, d.target(), command, d.changed(),
          d.result()));
      return d;
    } catch (ActionException e) {
      o.history().record(new AuditEntry(0, o.clock().instant(), actor(), verb, target, command, 0,
          "refused: " + e.getMessage()));
      throw e;
    }
  }

  private static List<String> quoted(List<String> args) {
    return args.stream().map(a -> a.matches("[A-Za-z0-9_./:@+=,-]+") ? a : "'" + a.replace("'", "'\\''") + "'")
        .toList();
  }

  static String actor() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "localhost";
    }
    return "cli:" + System.getProperty("user.name", "?") + "@" + host;
  }
}
