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
          start.plusNanos(1), false));
      if (w.isEmpty()) {
        throw new UserException("no activity window " + pipeline + "/" + activity + " starting at " + start
            + "; list them with: adf windows --pipeline " + pipeline, ExitCodes.FAILED);
      }
      WindowKey key = w.get(0).key();
      List<Attempt> attempts = o.store().attempts(key);
      PrintWriter out = spec.commandLine().getOut();
      if (format == WindowsCommand.Format.json) {
        out.println(json(attempts));
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
      Tables.print(out, List.of("ATTEMPT", "START", "END", "STATUS", "ERROR", "ENGINE JOB", "LOG"),
          attempts.stream().map(a -> List.of(String.valueOf(a.number()), Tables.time(a.start()), Tables.time(a.end()),
              a.status().name(), Tables.text(a.error()), Tables.text(a.engineJobId()),
              Tables.text(a.logLocation()))).toList());
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
