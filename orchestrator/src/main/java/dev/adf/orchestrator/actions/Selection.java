package dev.adf.orchestrator.actions;

import java.time.Instant;
import java.util.Objects;

/**
 * The activity windows a user action applies to: those of one activity whose WindowStart is in
 * [from, to), UTC. One window is the selection [start, start + 1 ns) with {@link #single} set, so
 * that a start that is not a window's start is an error rather than an empty selection.
 *
 * @param pipeline pipeline name, case-insensitive
 * @param activity activity name, case-insensitive
 * @param from first WindowStart, inclusive
 * @param to last WindowStart, exclusive
 * @param single the user named one window by its start
 */
public record Selection(String pipeline, String activity, Instant from, Instant to, boolean single) {

  public Selection {
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(activity, "activity");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("--from " + from + " must be before --to " + to);
    }
  }

  /**
   * The window starting at {@code start}: the range [start, start + 1 µs), the stores' time precision
   * (PostgreSQL keeps microseconds, so a 1 ns end would be truncated to an empty range).
   */
  public static Selection window(String pipeline, String activity, Instant start) {
    return new Selection(pipeline, activity, start, start.plus(1, java.time.temporal.ChronoUnit.MICROS), true);
  }

  /** The windows starting in [from, to). */
  public static Selection range(String pipeline, String activity, Instant from, Instant to) {
    return new Selection(pipeline, activity, from, to, false);
  }

  @Override
  public String toString() {
    return pipeline + "/" + activity + (single ? " window " + from : " windows starting in [" + from + ", " + to + ")");
  }
}
