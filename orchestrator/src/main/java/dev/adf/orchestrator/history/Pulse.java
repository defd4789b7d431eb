package dev.adf.orchestrator.history;

/**
 * What a live page polls for: a change counter and whether anything runs. Reading it costs two index
 * lookups, whatever the size of the history.
 *
 * @param lastEvent the id of the latest window event row (any status change anywhere, attempt ends
 *     included), 0 when none. Two changes write no row (V14): an attempt's start, which changes {@code
 *     active}, and a move to Waiting/ConcurrencyLimit, which a page shows once the next change comes
 * @param active windows an attempt holds now (InProgress, or Waiting/ComputeResources)
 */
public record Pulse(long lastEvent, int active) {
  /**
   * A token that changes whenever a window changed status (but for a move to Waiting/ConcurrencyLimit) or an
   * attempt started or ended.
   */
  public String token() {
    return lastEvent + "." + active;
  }
}
