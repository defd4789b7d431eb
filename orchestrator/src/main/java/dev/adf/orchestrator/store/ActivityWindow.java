package dev.adf.orchestrator.store;

import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.window.TimeWindow;
import java.time.Instant;

/**
 * An activity window as stored: what should run, and where it stands.
 *
 * @param key (pipeline, activity, WindowStart)
 * @param windowEnd WindowEnd, exclusive (UTC)
 * @param state status and substatus
 * @param attempts attempts started so far
 * @param notBefore earliest time of the next attempt (retry pauses), or null
 * @param lastError the last attempt's error, or null
 * @param lastRunStart start of the latest attempt, or null
 * @param lastRunEnd end of the latest attempt, or null
 * @param rowVersion the compare-and-set guard of status changes
 * @param lastRunId the latest attempt's run id ({@link Attempt#runId()}), or null (no attempt, or one
 *     from before run ids)
 */
public record ActivityWindow(
    WindowKey key,
    Instant windowEnd,
    WindowState state,
    int attempts,
    Instant notBefore,
    String lastError,
    Instant lastRunStart,
    Instant lastRunEnd,
    long rowVersion,
    String lastRunId) {

  /** A window without the latest attempt's run id. */
  public ActivityWindow(WindowKey key, Instant windowEnd, WindowState state, int attempts, Instant notBefore,
      String lastError, Instant lastRunStart, Instant lastRunEnd, long rowVersion) {
    this(key, windowEnd, state, attempts, notBefore, lastError, lastRunStart, lastRunEnd, rowVersion, null);
  }

  public TimeWindow window() {
    return new TimeWindow(key.windowStart(), windowEnd);
  }
}
