package dev.adf.orchestrator.store;

/** How one attempt ended (ADF's run results), or {@link #InProgress} while it runs. */
public enum AttemptStatus {
  InProgress,
  Succeeded,
  Failed,
  TimedOut,
  Canceled;

  public boolean isTerminal() {
    return this != InProgress;
  }
}
