package dev.adf.orchestrator.store;

import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.window.TimeWindow;
import java.time.Instant;
import java.util.Objects;

/**
 * A slice of an external dataset and its availability checks (ADF v1 dataset policy {@code
 * externalData}, adf-v1-semantics §3.2), as kept in the store so that a restart goes on where it was.
 * States: Waiting/ValidationRetry (a check found no data; the next one is due at {@code nextCheck}),
 * Ready (a check found the data), Failed/Validation (the last allowed check found no data, or too
 * little), Failed/TimedOut (every check exceeded retryTimeout).
 *
 * @param dataset the dataset's name (matched case-insensitively)
 * @param slice the slice, UTC, half-open
 * @param state its state
 * @param checks how many checks were made (timed-out ones included)
 * @param timeouts how many of them exceeded retryTimeout
 * @param lastCheck when the last check ended (UTC), or null
 * @param nextCheck the earliest next check (UTC), or null when none is planned
 * @param message the last check's result, one line without secrets, or null
 */
public record DatasetSlice(
    String dataset,
    TimeWindow slice,
    WindowState state,
    int checks,
    int timeouts,
    Instant lastCheck,
    Instant nextCheck,
    String message) {

  public DatasetSlice {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(slice, "slice");
    Objects.requireNonNull(state, "state");
    if (checks < 0 || timeouts < 0 || timeouts > checks) {
      throw new IllegalArgumentException("checks " + checks + ", timeouts " + timeouts);
    }
  }

  public boolean isReady() {
    return state.status() == WindowStatus.Ready;
  }

  public boolean isFailed() {
    return state.status() == WindowStatus.Failed;
  }
}
