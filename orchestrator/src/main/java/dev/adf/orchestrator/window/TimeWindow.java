package dev.adf.orchestrator.window;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A time window {@code [start, end)}: closed at the start, open at the end, in UTC. An activity window
 * and a dataset slice are both time windows.
 */
public record TimeWindow(Instant start, Instant end) implements Comparable<TimeWindow> {

  public TimeWindow {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (!start.isBefore(end)) {
      throw new IllegalArgumentException("window start " + start + " must be before end " + end);
    }
  }

  public Duration length() {
    return Duration.between(start, end);
  }

  /** True when the two half-open windows share at least one instant. */
  public boolean overlaps(TimeWindow other) {
    return start.isBefore(other.end) && other.start.isBefore(end);
  }

  public boolean contains(Instant t) {
    return !t.isBefore(start) && t.isBefore(end);
  }

  @Override
  public int compareTo(TimeWindow o) {
    int c = start.compareTo(o.start);
    return c != 0 ? c : end.compareTo(o.end);
  }

  @Override
  public String toString() {
    return "[" + start + ", " + end + ")";
  }
}
