package dev.adf.orchestrator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.adf.orchestrator.Orchestrator;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.WindowQuery;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code adf windows}: the activity windows list, like ADF's Monitoring app. */
@Command(name = "windows", description = "List activity windows with their status, substatus and last run.")
final class WindowsCommand implements Callable<Integer> {
  enum Format { table, json }

  @Mixin HomeOption home;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--pipeline", description = "Only this pipeline (case-insensitive).") String pipeline;
  @Option(names = "--activity", description = "Only this activity (case-insensitive).") String activity;
  @Option(names = "--status", description = "Only this status: ${COMPLETION-CANDIDATES}.") WindowStatus status;
  @Option(names = "--from", paramLabel = "START",
      description = "Only windows starting at or after START (ISO-8601 UTC).") String from;
  @Option(names = "--to", paramLabel = "END",
      description = "Only windows starting before END (ISO-8601 UTC, exclusive).") String to;
  @Option(names = "--oldest-first", description = "Sort by window start ascending (default: newest first, like"
      + " ADF's Monitoring app).") boolean oldestFirst;
  @Option(names = "--format", defaultValue = "table", description = "table or json (default ${DEFAULT-VALUE}).")
  Format format;

  @Override
  public Integer call() {
    Instant f = Times.parse("--from", from);
    Instant t = Times.parse("--to", to);
    if (f != null && t != null && !f.isBefore(t)) {
      throw new UserException("--from " + f + " must be before --to " + t + " (--to is exclusive)", ExitCodes.INVALID);
    }
    List<ActivityWindow> windows;
    try (Orchestrator o = home.open()) {
      windows = o.store().windows(new WindowQuery(pipeline, activity, status, f, t, !oldestFirst));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.json) {
      out.println(json(windows));
      out.flush();
      return ExitCodes.OK;
    }
    if (windows.isEmpty()) {
      out.println("No activity windows" + (pipeline == null && activity == null && status == null && f == null && t == null
          ? ": deploy a factory first (adf deploy PATH)." : " match."));
      out.flush();
      return ExitCodes.OK;
    }
    printTable(out, windows);
    return ExitCodes.OK;
  }

  /** The windows as a terminal table. */
  static void printTable(PrintWriter out, List<ActivityWindow> windows) {
    Tables.print(out,
        List.of("PIPELINE", "ACTIVITY", "WINDOW START", "WINDOW END", "STATUS", "SUBSTATUS", "ATTEMPTS",
            "LAST RUN START", "LAST RUN END"),
        windows.stream().map(w -> List.of(
            w.key().pipeline(), w.key().activity(), Tables.time(w.key().windowStart()), Tables.time(w.windowEnd()),
            w.state().status().name(),
            w.state().substatus() == null ? "-" : w.state().substatus().adfName(),
            String.valueOf(w.attempts()), Tables.time(w.lastRunStart()), Tables.time(w.lastRunEnd()))).toList());
  }

  /** The documented JSON shape ({@link dev.adf.orchestrator.history.HistoryJson#windows}). */
  static String json(List<ActivityWindow> windows) {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(dev.adf.orchestrator.history.HistoryJson.windows(windows));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
