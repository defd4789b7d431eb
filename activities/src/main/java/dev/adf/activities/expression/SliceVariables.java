package dev.adf.activities.expression;

import java.time.Instant;
import java.util.Objects;

/**
 * The values of the ADF v1 system variables for one run: the output slice {@code [sliceStart,
 * sliceEnd)} and the activity window {@code [windowStart, windowEnd)}, UTC instants, half-open.
 * Each start must be before its end.
 *
 * @throws NullPointerException when an instant is null (a programming error, not user input)
 * @throws IllegalArgumentException when a start is not before its end
 */
public record SliceVariables(
    Instant sliceStart, Instant sliceEnd, Instant windowStart, Instant windowEnd) {

  public SliceVariables {
    Objects.requireNonNull(sliceStart, "sliceStart");
    Objects.requireNonNull(sliceEnd, "sliceEnd");
    Objects.requireNonNull(windowStart, "windowStart");
    Objects.requireNonNull(windowEnd, "windowEnd");
    if (!sliceStart.isBefore(sliceEnd)) {
      throw new IllegalArgumentException(
          "slice [" + sliceStart + ", " + sliceEnd + ") is empty: sliceStart must be before sliceEnd");
    }
    if (!windowStart.isBefore(windowEnd)) {
      throw new IllegalArgumentException(
          "window [" + windowStart + ", " + windowEnd + ") is empty: windowStart must be before windowEnd");
    }
  }

  /**
   * Slice and window equal, as ADF v1 required (the activity scheduler equals the output
   * availability).
   */
  public static SliceVariables of(Instant start, Instant end) {
    return new SliceVariables(start, end, start, end);
  }
}
