package dev.adf.orchestrator.cli;

import dev.adf.orchestrator.actions.Selection;
import java.time.Instant;
import picocli.CommandLine.Option;

/** {@code --pipeline P --activity A (--window START | --from START --to END)}: the windows an action applies to. */
final class WindowSelector {
  @Option(names = "--pipeline", required = true, description = "Pipeline name (case-insensitive).") String pipeline;
  @Option(names = "--activity", required = true, description = "Activity name (case-insensitive).") String activity;
  @Option(names = "--window", paramLabel = "START", description = "One window by its WindowStart, ISO-8601 UTC.")
  String window;
  @Option(names = "--from", paramLabel = "START", description = "Windows starting at or after START (UTC).")
  String from;
  @Option(names = "--to", paramLabel = "END", description = "... and before END (UTC, exclusive).") String to;

  Selection selection() {
    if (window != null && (from != null || to != null)) {
      throw new UserException("give either --window START or --from START --to END, not both", ExitCodes.INVALID);
    }
    if (window != null) {
      return Selection.window(pipeline, activity, Times.parse("--window", window));
    }
    if (from == null || to == null) {
      throw new UserException("give --window START, or both --from START and --to END", ExitCodes.INVALID);
    }
    Instant f = Times.parse("--from", from);
    Instant t = Times.parse("--to", to);
    if (!f.isBefore(t)) {
      throw new UserException("--from " + f + " must be before --to " + t + " (--to is exclusive)", ExitCodes.INVALID);
    }
    return Selection.range(pipeline, activity, f, t);
  }
}
