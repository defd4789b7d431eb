package dev.adf.orchestrator.cli;

import dev.adf.orchestrator.actions.WindowActions.Outcome;
import dev.adf.orchestrator.store.ActivityWindow;
import java.io.PrintWriter;

/** Prints what a window action changed: one line per window. */
final class ActionReport {
  private ActionReport() {}

  static void print(PrintWriter out, String verb, String target, Outcome outcome) {
    for (ActivityWindow w : outcome.changed()) {
      out.println(verb + "  " + w.key() + "  " + w.state() + " -> " + target);
    }
    for (ActivityWindow w : outcome.unchanged()) {
      out.println("left   " + w.key() + "  " + w.state());
    }
    for (var s : outcome.slicesReset()) {
      out.println("reset  external slice " + s.dataset() + " " + s.slice() + "  " + s.state()
          + " -> checked again from scratch");
    }
    out.println(outcome.changed().size() + " window(s) " + verb + ", " + outcome.unchanged().size() + " left as they are.");
    out.flush();
  }
}
