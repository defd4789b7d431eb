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
  @Option(names = "--status", split = ",", paramLabel = "STATUS",
      description = "Only these statuses (comma-separated): ${COMPLETION-CANDIDATES}.") List<WindowStatus> statuses;
  @Option(names = "--substatus", split = ",", paramLabel = "SUBSTATUS",
      description = "Only these substatuses, ADF's names (comma-separated), e.g. DatasetDependencies,Retry.")
  List<String> substatuses;
  @Option(names = "--recent", description = "Sort by the latest attempt's start, newest first, and leave out windows"
      + " that never ran (the Monitoring app's Recent view).") boolean recent;
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
    java.util.Map<dev.adf.orchestrator.store.WindowKey, String> owners = java.util.Map.of();
    try (Orchestrator o = home.open()) {
      WindowStatus status = statuses != null && statuses.size() == 1 ? statuses.get(0) : null;
      windows = filter(o.store().windows(new WindowQuery(pipeline, activity, status, f, t, !oldestFirst)));
      if (o.sharedStore()) {
        owners = schedulers(o, windows);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.json) {
      out.println(owners.isEmpty() ? json(windows) : json(windows, owners));
      out.flush();
      return ExitCodes.OK;
    }
    if (windows.isEmpty()) {
      out.println("No activity windows" + (pipeline == null && activity == null && statuses == null
          && substatuses == null && f == null && t == null
          ? ": deploy a factory first (adf deploy PATH)." : " match."));
      out.flush();
      return ExitCodes.OK;
    }
    if (owners.isEmpty()) {
      printTable(out, windows);
    } else {
      printTable(out, windows, owners);
    }
    return ExitCodes.OK;
  }

  /** Several statuses, substatuses and the Recent order, applied to what the store returned. */
  private List<ActivityWindow> filter(List<ActivityWindow> windows) {
    java.util.Set<dev.adf.orchestrator.status.WindowSubstatus> subs = java.util.EnumSet.noneOf(
        dev.adf.orchestrator.status.WindowSubstatus.class);
    if (substatuses != null) {
      for (String name : substatuses) {
        boolean found = false;
        for (var s : dev.adf.orchestrator.status.WindowSubstatus.values()) {
          if (s.adfName().equalsIgnoreCase(name.strip()) || s.name().equalsIgnoreCase(name.strip())) {
            subs.add(s);
            found = true;
          }
        }
        if (!found) {
          throw new UserException("--substatus " + name + " is not one of " + java.util.Arrays.stream(
              dev.adf.orchestrator.status.WindowSubstatus.values()).map(x -> x.adfName()).distinct().toList(),
              ExitCodes.INVALID);
        }
      }
    }
    var stream = windows.stream()
        .filter(w -> statuses == null || statuses.isEmpty() || statuses.contains(w.state().status()))
        .filter(w -> subs.isEmpty() || subs.contains(w.state().substatus()));
    if (recent) {
      stream = stream.filter(w -> w.lastRunStart() != null)
          .sorted(java.util.Comparator.comparing(ActivityWindow::lastRunStart).reversed());
    }
    return stream.toList();
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

  /**
   * On a shared store: the scheduler running each active (InProgress, or waiting for compute) window,
   * {@link dev.adf.orchestrator.store.SchedulerNodes.Node#label()} of its current attempt's node. One
   * read per active window (bounded by the activities' concurrency, not by the history).
   */
  private static java.util.Map<dev.adf.orchestrator.store.WindowKey, String> schedulers(Orchestrator o,
      List<ActivityWindow> windows) {
    java.util.Map<dev.adf.orchestrator.store.WindowKey, String> out = new java.util.HashMap<>();
    java.util.Map<Long, String> labels = new java.util.HashMap<>();
    for (ActivityWindow w : windows) {
      if (!w.state().isActive() || w.attempts() == 0) {
        continue;
      }
      List<dev.adf.orchestrator.store.Attempt> as = o.store().attempts(w.key());
      Long node = as.isEmpty() ? null : as.get(as.size() - 1).node();
      if (node != null) {
        out.put(w.key(), labels.computeIfAbsent(node, id -> o.schedulers().node(id)
            .map(dev.adf.orchestrator.store.SchedulerNodes.Node::label).orElse("scheduler #" + id)));
      }
    }
    return out;
  }

  /** The windows as a terminal table with a SCHEDULER column (shared store). */
  static void printTable(PrintWriter out, List<ActivityWindow> windows,
      java.util.Map<dev.adf.orchestrator.store.WindowKey, String> owners) {
    Tables.print(out,
        List.of("PIPELINE", "ACTIVITY", "WINDOW START", "WINDOW END", "STATUS", "SUBSTATUS", "ATTEMPTS",
            "LAST RUN START", "LAST RUN END", "SCHEDULER"),
        windows.stream().map(w -> List.of(
            w.key().pipeline(), w.key().activity(), Tables.time(w.key().windowStart()), Tables.time(w.windowEnd()),
            w.state().status().name(),
            w.state().substatus() == null ? "-" : w.state().substatus().adfName(),
            String.valueOf(w.attempts()), Tables.time(w.lastRunStart()), Tables.time(w.lastRunEnd()),
            owners.getOrDefault(w.key(), "-"))).toList());
  }

  /** {@link #json(List)} with a {@code scheduler} field (null when not active) on each window. */
  static String json(List<ActivityWindow> windows, java.util.Map<dev.adf.orchestrator.store.WindowKey, String> owners) {
    ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    com.fasterxml.jackson.databind.node.ArrayNode a = m.valueToTree(
        dev.adf.orchestrator.history.HistoryJson.windows(windows));
    for (int i = 0; i < windows.size(); i++) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) a.get(i)).put("scheduler", owners.get(windows.get(i).key()));
    }
    return a.toPrettyString();
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
