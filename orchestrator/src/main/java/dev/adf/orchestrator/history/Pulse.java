package dev.adf.orchestrator.history;

/**
 * What a live page polls for: change counters and whether anything runs. Reading it costs an index lookup,
 * a sequence's current value and two index counts of the active windows, whatever the size of the history.
 *
 * @param lastEvent the id of the latest window event row (a status change anywhere), 0 when none. Three
 *     changes write no row: an attempt's start (V14), which changes {@code active}; an attempt's end
 *     recorded on its attempt row (V16), which moves {@code changes}; and a move to Waiting/ConcurrencyLimit,
 *     which a page shows once the next change comes
 * @param changes the store's change counter (V16's {@code history_change} sequence), drawn once by each
 *     transaction that records attempt ends on their attempt rows; it only grows
 * @param active windows an attempt holds now (InProgress, or Waiting/ComputeResources)
 */
public record Pulse(long lastEvent, long changes, int active) {
  /**
   * A token that changes whenever a window changed status (but for a move to Waiting/ConcurrencyLimit) or an
   * attempt started or ended.
   */
  public String token() {
    return lastEvent + "." + changes + "." + active;
  }
}
