package dev.adf.orchestrator.status;

/**
 * The status of an activity window (and of the output slice it produces), with ADF v1's names.
 * Source: ADF v1 "Monitor and manage pipelines" (slice states) and the .NET {@code WindowState}.
 */
public enum WindowStatus {
  /** Not yet run: waiting for its time, its inputs, a concurrency slot, a retry or a resume. */
  Waiting,
  /** An attempt is running. */
  InProgress,
  /** Produced; satisfies downstream dependencies. */
  Ready,
  /** Failed after its last allowed attempt, timed out, or canceled. */
  Failed,
  /** Not processed, on purpose (or because an input was Skipped). */
  Skipped,
  /** Existed with another status and was reset. */
  None;

  /** True when nothing more will happen to the window without a user action (rerun). */
  public boolean isTerminal() {
    return this == Ready || this == Failed || this == Skipped;
  }
}
