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

  AttemptListener NONE = (jobRef, logLocation) -> {};
}
