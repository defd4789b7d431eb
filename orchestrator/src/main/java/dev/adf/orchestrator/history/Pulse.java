package dev.adf.orchestrator.history;

/**
 * What a live page polls for: a change counter and whether anything runs. Reading it costs two index
 * lookups, whatever the size of the history.
 *
 * @param lastEvent the id of the latest window event (any status change anywhere, attempt starts and
 *     ends included), 0 when none
 * @param active windows an attempt holds now (InProgress, or Waiting/ComputeResources)
 */
public record Pulse(long lastEvent, int active) {
  /** A token that changes whenever a window changed status or an attempt started or ended. */
  public String token() {
    return lastEvent + "." + active;
  }
}
