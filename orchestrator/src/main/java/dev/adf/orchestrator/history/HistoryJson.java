package dev.adf.orchestrator.history;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.Attempt;
import java.time.Instant;
import java.util.List;

/**
 * The documented JSON shapes of the run history, shared by {@code adf windows --format json},
 * {@code adf runs --format json} and the web view's {@code /api/windows} and {@code /api/runs}, so a
 * script reads the same fields from either. Times are ISO-8601 UTC strings or null.
 */
public final class HistoryJson {
  private HistoryJson() {}

  /**
   * An array of windows: {@code {pipeline, activity, windowStart, windowEnd, status, substatus,
   * attempts, lastRunStart, lastRunEnd}} each; substatus is ADF's name or null.
   */
  public static ArrayNode windows(List<ActivityWindow> windows) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (ActivityWindow w : windows) {
      ObjectNode n = array.addObject();
      n.put("pipeline", w.key().pipeline());
      n.put("activity", w.key().activity());
      n.put("windowStart", iso(w.key().windowStart()));
      n.put("windowEnd", iso(w.windowEnd()));
      n.put("status", w.state().status().name());
      n.put("substatus", w.state().substatus() == null ? null : w.state().substatus().adfName());
      n.put("attempts", w.attempts());
      n.put("lastRunStart", iso(w.lastRunStart()));
      n.put("lastRunEnd", iso(w.lastRunEnd()));
    }
    return array;
  }

  /**
   * An array of attempts: {@code {attempt, runId, start, end, status, error, engineJob, log, output}}
   * each, oldest first as given; {@code output} is the object a successful attempt reported ({@link
   * AttemptOutput}) or null.
   */
  public static ArrayNode attempts(List<Attempt> attempts) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (Attempt a : attempts) {
      array.addObject()
          .put("attempt", a.number())
          .put("runId", a.runId())
          .put("start", iso(a.start()))
          .put("end", iso(a.end()))
          .put("status", a.status().name())
          .put("error", a.error())
          .put("engineJob", a.engineJobId())
          .put("log", a.logLocation())
          .set("output", AttemptOutput.json(a.output()));
    }
    return array;
  }

  private static String iso(Instant t) {
    return t == null ? null : t.toString();
  }
}
