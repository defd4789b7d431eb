package dev.adf.activities;

/**
 * What one activity type does for one activity window. The orchestrator decides when to call it and
 * enforces the policy timeout; the activity does the work, usually by submitting a job to a compute
 * engine.
 *
 * <p>Implementations are stateless and thread-safe: one instance serves every window.
 */
public interface Activity {

  /**
   * Runs one attempt of one activity window.
   *
   * @return the outcome; an activity never throws for an ordinary failure, it returns
   *     {@link ActivityOutcome#failed}
   * @throws InterruptedException when the attempt was canceled (timeout or user); before throwing,
   *     the activity must have stopped any work it started (engine jobs killed and confirmed)
   */
  ActivityOutcome run(ActivityContext context) throws InterruptedException;
}
