package dev.adf.orchestrator.window;

import dev.adf.orchestrator.definition.Availability;
import java.time.Instant;
import java.util.Iterator;
import java.util.Objects;

/**
 * The grid windows of an availability that intersect a period {@code [from, to)}, oldest first,
 * without holding them: each iteration computes them one at a time (constant memory), so ten years
 * of hourly windows, or more, can be laid out and stored in bounded memory. Re-iterable; immutable.
 *
 * <p>The windows are exactly {@link Windows#between}'s: they tile without gap or overlap, the first
 * contains (or starts at) {@code from} and the last contains the instant just before {@code to}.
 *
 * @param grid the availability (frequency, interval, anchorDateTime, offset)
 * @param from the period start, inclusive (UTC)
 * @param to the period end, exclusive (UTC); no windows when it is not after {@code from}
 */
public record WindowRange(Availability grid, Instant from, Instant to) implements Iterable<TimeWindow> {

  public WindowRange {
    Objects.requireNonNull(grid, "grid");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }

  @Override
  public Iterator<TimeWindow> iterator() {
    return Windows.iterator(grid, from, to);
  }

  /** How many windows, computed from the grid without iterating them. */
  public long size() {
    return Windows.count(grid, from, to);
  }

  public boolean isEmpty() {
    return !from.isBefore(to);
  }
}
