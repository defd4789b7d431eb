package dev.adf.orchestrator.definition;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A dataset's {@code availability} or an activity's {@code scheduler}: the slice grid.
 *
 * @param frequency the unit
 * @param interval the multiplier, at least 1
 * @param style when a slice is due; ADF's default is EndOfInterval
 * @param anchorDateTime the grid's origin (UTC), or null for the default 0001-01-01T00:00Z
 * @param offset shift of every slice boundary, or null for none
 */
public record Availability(
    Frequency frequency, int interval, Style style, Instant anchorDateTime, Duration offset) {

  public Availability {
    Objects.requireNonNull(frequency, "frequency");
    if (interval < 1) {
      throw new IllegalArgumentException("interval must be at least 1, was " + interval);
    }
    style = style == null ? Style.EndOfInterval : style;
  }

  /** A grid with ADF's defaults: EndOfInterval, no anchor, no offset. */
  public static Availability of(Frequency frequency, int interval) {
    return new Availability(frequency, interval, Style.EndOfInterval, null, null);
  }

  /** Same grid: frequency, interval, anchor and offset (style only decides when a slice is due). */
  public boolean sameGridAs(Availability other) {
    return frequency == other.frequency
        && interval == other.interval
        && Objects.equals(anchorDateTime, other.anchorDateTime)
        && Objects.equals(offset == null ? Duration.ZERO : offset,
            other.offset == null ? Duration.ZERO : other.offset);
  }
}
