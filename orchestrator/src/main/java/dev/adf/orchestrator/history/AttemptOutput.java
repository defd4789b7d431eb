package dev.adf.orchestrator.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.adf.engine.filecopy.CopyOutcome;

/**
 * An attempt's output as the history shows it: the JSON object a successful attempt reported (ADF's
 * activity run output), such as the Copy activity's copy outcome ({@link CopyOutcome}).
 */
public final class AttemptOutput {
  private AttemptOutput() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The stored output as JSON; {@link NullNode} when there is none or it is not JSON. */
  public static JsonNode json(String stored) {
    if (stored == null || stored.isBlank()) {
      return NullNode.getInstance();
    }
    try {
      return JSON.readTree(stored);
    } catch (java.io.IOException e) {
      return NullNode.getInstance();
    }
  }

  /**
   * One line for people, or null when there is no output: a copy outcome as {@link
   * CopyOutcome#summary()} ({@code 3 files read, 3 written, 1.20 MB read, … binary (local file copy)}),
   * anything else as compact JSON.
   */
  public static String summary(String stored) {
    JsonNode n = json(stored);
    if (n.isNull()) {
      return null;
    }
    if (n.has("dataRead") && n.has("filesWritten")) {
      try {
        return JSON.treeToValue(n, CopyOutcome.class).summary();
      } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
        return n.toString();
      }
    }
    return n.toString();
  }
}
