package dev.adf.orchestrator.cli;

import dev.adf.orchestrator.Orchestrator;
import dev.adf.orchestrator.store.Attempt;
import dev.adf.orchestrator.store.WindowKey;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code adf runs}: the attempts of one activity window. */
@Command(name = "runs", description = "List the attempts of one activity window.")
final class RunsCommand implements Callable<Integer> {
  @Mixin HomeOption home;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--pipeline", required = true) String pipeline;
  @Option(names = "--activity", required = true) String activity;
  @Option(names = "--window", required = true, paramLabel = "START",
      description = "WindowStart, ISO-8601 UTC, e.g. 2015-11-16T00:00:00Z") String window;
  @Option(names = "--format", defaultValue = "table",
      description = "table or json (default ${DEFAULT-VALUE}): json prints only an array of attempts,"
          + " {attempt, runId, start, end, status, error, engineJob, log, output}, times ISO-8601 UTC or null;"
          + " output is what a successful attempt reported (a Copy's dataRead, dataWritten, filesRead,"
          + " filesWritten, rowsRead, rowsCopied, durationMillis, throughputMBps, copyBehavior, method) or null.")
  WindowsCommand.Format format;

  @Override
  public Integer call() {
    Instant start;
    try {
      start = Instant.parse(window);
    } catch (DateTimeParseException e) {
      throw new UserException("--window '" + window + "' is not an ISO-8601 UTC time such as 2015-11-16T00:00:00Z",
          ExitCodes.INVALID);
    }
    try (Orchestrator o = home.open()) {
      var w = o.store().windows(new dev.adf.orchestrator.store.WindowQuery(pipeline, activity, null, start,
          start.plus(1, java.time.temporal.ChronoUnit.MICROS), false));
      if (w.isEmpty()) {
        throw new UserException("no activity window " + pipeline + "/" + activity + " starting at " + start
            + "; list them with: adf windows --pipeline " + pipeline, ExitCodes.FAILED);
      }
      WindowKey key = w.get(0).key();
      List<Attempt> attempts = o.store().attempts(key);
      PrintWriter out = spec.commandLine().getOut();
      java.util.Map<Long, String> schedulers = new java.util.HashMap<>();
      for (Attempt a : attempts) {
        if (a.node() != null) {
          schedulers.computeIfAbsent(a.node(), id -> o.schedulers().node(id)
              .map(dev.adf.orchestrator.store.SchedulerNodes.Node::label).orElse("scheduler #" + id));
        }
      }
      if (format == WindowsCommand.Format.json) {
        out.println(schedulers.isEmpty() ? json(attempts) : json(attempts, schedulers));
        out.flush();
        return ExitCodes.OK;
      }
      out.println(key.pipeline() + " / " + key.activity() + "  window " + key.windowStart() + " .. "
          + w.get(0).windowEnd() + "  " + w.get(0).state());
      if (attempts.isEmpty()) {
        out.println("No attempts yet.");
        out.flush();
        return ExitCodes.OK;
      }
      if (schedulers.isEmpty()) {
        Tables.print(out, List.of("ATTEMPT", "START", "END", "STATUS", "ERROR", "ENGINE JOB", "LOG"),
            attempts.stream().map(a -> List.of(String.valueOf(a.number()), Tables.time(a.start()),
                Tables.time(a.end()), a.status().name(), Tables.text(a.error()), Tables.text(a.engineJobId()),
                Tables.text(a.logLocation()))).toList());
      } else {
        Tables.print(out, List.of("ATTEMPT", "START", "END", "STATUS", "SCHEDULER", "ERROR", "ENGINE JOB", "LOG"),
            attempts.stream().map(a -> List.of(String.valueOf(a.number()), Tables.time(a.start()),
                Tables.time(a.end()), a.status().name(), a.node() == null ? "-" : schedulers.get(a.node()),
                Tables.text(a.error()), Tables.text(a.engineJobId()), Tables.text(a.logLocation()))).toList());
      }
      for (Attempt a : attempts) {
        String summary = dev.adf.orchestrator.history.AttemptOutput.summary(a.output());
        if (summary != null) {
          out.println("attempt " + a.number() + " output: " + summary);
        }
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** {@link #json(List)} with a {@code scheduler} field on each attempt: its node's label, or null. */
  static String json(List<Attempt> attempts, java.util.Map<Long, String> schedulers) {
    com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ArrayNode a = m.valueToTree(
        dev.adf.orchestrator.history.HistoryJson.attempts(attempts));
    for (int i = 0; i < attempts.size(); i++) {
      Long node = attempts.get(i).node();
      ((com.fasterxml.jackson.databind.node.ObjectNode) a.get(i)).put("scheduler", node == null ? null : schedulers.get(node));
    }
    return a.toPrettyString();
  }

  /** The documented JSON shape of {@code --format json} ({@link dev.adf.orchestrator.history.HistoryJson#attempts}). */
  static String json(List<Attempt> attempts) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper()
          .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(dev.adf.orchestrator.history.HistoryJson.attempts(attempts));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
