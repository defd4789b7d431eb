package dev.adf.orchestrator.store;

import java.time.Instant;

/**
 * One try of one activity window.
 *
 * @param key the window
 * @param number attempt number, from 1
 * @param start when it started (UTC)
 * @param end when it ended, or null while running
 * @param status how it ended
 * @param error the failure, one line (type and message), or null
 * @param engineJobId the compute engine's job id, or null when no job was submitted
 * @param logLocation the job's log (path or URL), or null
 * @param runId the attempt's run id, a random UUID made when it started (ADF's activity run id), or
 *     null for attempts recorded before run ids existed
 * @param output what the attempt reported when it succeeded, a JSON object as text (the Copy
 *     activity's copy outcome), or null
 * @param node the scheduler that runs it (or ran it, or adopted it while it ran), {@link
 *     SchedulerNodes.Node#id()}; null for attempts from before scheduler leases
 */
public record Attempt(
    WindowKey key,
    int number,
    Instant start,
    Instant end,
    AttemptStatus status,
    String error,
    String engineJobId,
    String logLocation,
    String runId,
    String output,
    Long node) {

  /** An attempt without output. */
  public Attempt(WindowKey key, int number, Instant start, Instant end, AttemptStatus status, String error,
      String engineJobId, String logLocation, String runId) {
    this(key, number, start, end, status, error, engineJobId, logLocation, runId, null, null);
  }

  /**
   * The attempt's idempotency key, given to its engine: {@code pipeline/activity/WindowStart/number/runId}
   * (WindowStart ISO-8601 UTC). Unique per attempt, also across homes sharing one engine or Livy
   * server; the same for a crash-resumed attempt, so its engine job is found again.
   */
  public String idempotencyKey() {
    return key.pipeline() + "/" + key.activity() + "/" + key.windowStart() + "/" + number
        + (runId == null ? "" : "/" + runId);
  }
}
