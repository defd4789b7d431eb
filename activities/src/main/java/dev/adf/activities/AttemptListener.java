package dev.adf.activities;

/**
 * Hears about an attempt's engine job as it changes, so history has the job even on timeout and the
 * window shows Waiting/ComputeResources while the engine has no capacity for it (ADF v1 "Monitor and
 * manage pipelines": ComputeResources, "the compute resources are not available for the activity
 * window"). Called on the attempt's thread; implementations must not block.
 */
public interface AttemptListener {

  /**
   * The attempt's job exists on its engine (called once, before any other method).
   *
   * @param jobRef the engine's id of the job (the Livy batch id)
   * @param logLocation where its log is (a path or URL), or null
   */
  void jobSubmitted(String jobRef, String logLocation);

  /**
   * The job is queued on its engine for capacity (cores, memory).
   *
   * @param reason what it waits for, in one line (from the engine)
   */
  default void jobQueued(String reason) {}

  /** The job runs (after {@link #jobQueued}, or directly after {@link #jobSubmitted}). */
  default void jobRunning() {}

  /**
   * The job's log, copied from its engine at the attempt's end, before the engine forgets it (a Livy
   * server drops a finished batch after {@code livy.server.session.state-retain.sec}, 600 s by
   * default). The orchestrator keeps it with the attempt in the run history. Called at most once, after
   * the job reached a final state or was stopped, and only when the activity's {@code getDebugInfo}
   * asks for it.
   *
   * @param lines the log lines, oldest first, as the engine returned them (a Livy server keeps the
   *     last {@code livy.cache-log.size} lines, 200 by default)
   */
  default void jobLog(java.util.List<String> lines) {}

  AttemptListener NONE = (jobRef, logLocation) -> {};
}
