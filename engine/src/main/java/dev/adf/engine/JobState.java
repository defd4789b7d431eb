package dev.adf.engine;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The life of an engine job, with its one transition table.
 *
 * <pre>
 * SUBMITTED → STARTING → RUNNING → SUCCEEDED | FAILED | KILLED | LOST
 * SUBMITTED → KILLED | LOST
 * STARTING → KILLED | FAILED | LOST
 * </pre>
 *
 * <p>SUBMITTED (queued) → FAILED is gone since jobs run in child JVMs: a queued job has nothing that
 * can fail (the old in-thread engine failed jobs that waited too long for a slot); everything that can
 * fail happens from STARTING on (fetching jars, starting the JVM, loading the class).
 */
public enum JobState {
  SUBMITTED,
  STARTING,
  RUNNING,
  SUCCEEDED,
  FAILED,
  KILLED,
  LOST;

  private static final Map<JobState, Set<JobState>> ALLOWED =
      Map.of(
          SUBMITTED, EnumSet.of(STARTING, KILLED, LOST),
          STARTING, EnumSet.of(RUNNING, KILLED, FAILED, LOST),
          RUNNING, EnumSet.of(SUCCEEDED, FAILED, KILLED, LOST),
          SUCCEEDED, EnumSet.noneOf(JobState.class),
          FAILED, EnumSet.noneOf(JobState.class),
          KILLED, EnumSet.noneOf(JobState.class),
          LOST, EnumSet.noneOf(JobState.class));

  /** True once the job can change no more. */
  public boolean isTerminal() {
    return ALLOWED.get(this).isEmpty();
  }

  public boolean isSuccessful() {
    return this == SUCCEEDED;
  }

  /** Whether this state may change into {@code next}. */
  public boolean canBecome(JobState next) {
    return ALLOWED.get(this).contains(next);
  }

  /** The states this one may change into (empty when terminal). */
  public Set<JobState> successors() {
    return ALLOWED.get(this).isEmpty() ? Set.of() : EnumSet.copyOf(ALLOWED.get(this));
  }

  /**
   * Checks a transition against the table.
   *
   * @throws IllegalStateException naming both states when the table does not allow it
   */
  public JobState transitionTo(JobState next) {
    if (!canBecome(next)) {
      throw new IllegalStateException("illegal job state transition " + this + " -> " + next);
    }
    return next;
  }
}
