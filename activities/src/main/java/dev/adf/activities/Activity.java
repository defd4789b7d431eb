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

  /**
   * Checks a definition at deploy time, so that what cannot run is refused before any window (a
   * Copy between stores it does not support, a format it cannot read). The default finds nothing.
   *
   * @return every problem found, errors and warnings; never null
   */
  default java.util.List<DeployProblem> check(ActivityDefinition definition) {
    return java.util.List.of();
  }
}
