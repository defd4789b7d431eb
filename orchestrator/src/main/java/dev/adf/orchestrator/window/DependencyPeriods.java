package dev.adf.orchestrator.window;

import dev.adf.activities.expression.ExpressionException;
import dev.adf.activities.expression.Expressions;
import dev.adf.activities.expression.SliceVariables;
import dev.adf.orchestrator.definition.Availability;
import dev.adf.orchestrator.definition.InputDependency;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Which input slices an activity window waits for: the input's dependency period and the slices of
 * the input's grid that overlap it. A pure function (no clock, no database), all instants UTC.
 *
 * <p>The ADF v1 rule (adf-v1-semantics §6 "Dependency period"): for an activity window {@code [s, e)}
 * each input has a dependency period {@code [f, g)}, where
 *
 * <ul>
 *   <li>{@code f} = the input's {@code startTime} expression evaluated with {@code SliceStart = s},
 *       {@code SliceEnd = e} (and WindowStart/WindowEnd equal to them), or {@code s} when absent;
 *   <li>{@code g} = the input's {@code endTime} evaluated the same way; when absent, {@code f +
 *       length} when the input has a {@code length}, else {@code e}. An {@code endTime} wins over a
 *       {@code length}.
 * </ul>
 *
 * The window waits for every slice of the input dataset's availability grid that overlaps {@code [f,
 * g)} (like the pipeline layout, {@link Windows#between}), so a daily window over an hourly input
 * waits for the 24 hourly slices of its day, and a period that is not aligned to the input grid takes
 * every slice it touches. Examples: {@code startTime = Date.AddDays(SliceStart, -1)}, {@code endTime =
 * Date.AddDays(SliceEnd, -1)} → yesterday's slice; {@code startTime = Date.AddDays(SliceStart,
 * -Date.DayOfWeek(SliceStart))} with the default end → the week so far, from the Sunday before.
 *
 * <p>An empty period ({@code f >= g}, e.g. an {@code endTime} before the {@code startTime}) has no
 * slices: the input then has nothing to wait for and does not hold the window back. Load-time
 * validation checks the expressions' syntax, not this.
 */
public final class DependencyPeriods {

  private DependencyPeriods() {}

  /**
   * One input's dependency period {@code [start, end)} for one activity window, with the input slices
   * it covers, oldest first. {@code start} may be at or after {@code end}; then the period is empty and
   * {@code slices} is empty.
   */
  public record DependencyPeriod(Instant start, Instant end, List<TimeWindow> slices) {
    public DependencyPeriod {
      Objects.requireNonNull(start, "start");
      Objects.requireNonNull(end, "end");
      slices = List.copyOf(slices);
    }

    /** True when {@code start} is not before {@code end}: there is nothing to wait for. */
    public boolean isEmpty() {
      return !start.isBefore(end);
    }

    @Override
    public String toString() {
      return "[" + start + ", " + end + ")";
    }
  }

  /**
   * The dependency period of {@code input} for the activity window {@code window}, and the slices of
   * {@code inputGrid} overlapping it.
   *
   * @param window the activity window {@code [s, e)} (its start and end are SliceStart and SliceEnd)
   * @param input the input with its optional startTime/endTime expressions and length
   * @param inputGrid the input dataset's availability
   * @throws ExpressionException when a startTime/endTime expression cannot be evaluated to a date (a
   *     definition error; validation at load catches syntax errors, not every evaluation error)
   */
  public static DependencyPeriod of(TimeWindow window, InputDependency input, Availability inputGrid) {
    Objects.requireNonNull(window, "window");
    Objects.requireNonNull(inputGrid, "inputGrid");
    Instant start = window.start();
    Instant end = window.end();
    if (input != null && !input.isDefault()) {
      SliceVariables vars = SliceVariables.of(window.start(), window.end());
      if (input.startTime() != null) {
        start = Expressions.evaluateDateTime(input.startTime(), vars);
      }
      if (input.endTime() != null) {
        end = Expressions.evaluateDateTime(input.endTime(), vars);
      } else if (input.length() != null) {
        end = start.plus(input.length());
      }
    }
    return new DependencyPeriod(start, end, Windows.between(inputGrid, start, end));
  }
}
