package dev.adf.orchestrator.definition;

import java.time.Duration;

/**
 * One activity input with its dependency period (adf-v1-semantics §6 "Dependency period"): by default
 * the input slices overlapping the activity window; {@code startTime}/{@code endTime} expressions (no
 * {@code $$}, e.g. {@code Date.AddDays(SliceStart, -Date.DayOfWeek(SliceStart))}) or a {@code length}
 * move it.
 *
 * @param dataset the input dataset's name
 * @param startTime expression for the period's start, or null for the window start (SliceStart)
 * @param endTime expression for the period's end, or null for the window end (SliceEnd)
 * @param length the period's length from its start, or null
 */
public record InputDependency(String dataset, String startTime, String endTime, Duration length) {

  /** True when the period is the activity window itself (no startTime, endTime or length). */
  public boolean isDefault() {
    return startTime == null && endTime == null && length == null;
  }
}
