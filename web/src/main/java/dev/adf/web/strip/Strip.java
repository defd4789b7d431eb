package dev.adf.web.strip;

import dev.adf.orchestrator.store.ActivityWindow;
import java.time.Instant;
import java.util.List;

/**
 * One activity's window strip as the template draws it: a time axis {@code [from, to)} (UTC) mapped
 * linearly onto {@code [0, width)} pixels, the windows as cells on it, and gridlines with labels on
 * calendar boundaries. Built by {@link StripLayout}; every x and width is in pixels from the left edge.
 *
 * @param from left edge (UTC, inclusive)
 * @param to right edge (UTC, exclusive)
 * @param width pixels from {@code from} to {@code to}
 * @param level which boundaries the gridlines are on
 * @param cells the windows that intersect the range, clipped to it, in the order given
 * @param gridlines the boundaries in {@code [from, to)}, oldest first, one per instant
 * @param ticks labelled gridlines, left to right, at least {@link StripLayout#MIN_LABEL_GAP} apart
 */
public record Strip(Instant from, Instant to, double width, Level level, List<Cell> cells,
    List<Gridline> gridlines, List<Tick> ticks) {

  public Strip {
    cells = List.copyOf(cells);
    gridlines = List.copyOf(gridlines);
    ticks = List.copyOf(ticks);
  }

  /**
   * A window on the strip.
   *
   * @param window the window as stored
   * @param x pixels from the left edge to its (clipped) start
   * @param width pixels from its (clipped) start to its (clipped) end
   */
  public record Cell(ActivityWindow window, double x, double width) {}

  /**
   * A gridline.
   *
   * @param at the boundary (UTC)
   * @param x pixels from the left edge
   * @param unit the largest unit of the level whose boundary it is
   * @param major on the level's major unit (drawn bolder)
   */
  public record Gridline(Instant at, double x, TimeUnit unit, boolean major) {}

  /**
   * A label at a gridline.
   *
   * @param x pixels from the left edge (the gridline's)
   * @param label the boundary in UTC, e.g. {@code 06:00}, {@code Nov 16}, {@code Dec 2015}, {@code 2016}
   * @param major on a major gridline
   */
  public record Tick(double x, String label, boolean major) {}

  /**
   * Which boundaries a strip's gridlines are on, chosen by the length of the range: minor lines on
   * {@code minor}, bolder ones on {@code major}.
   */
  public enum Level {
    /** Up to 2 days: hour lines, day lines bolder. */
    HOURS(TimeUnit.HOUR, TimeUnit.DAY),
    /** Up to 21 days: day lines, month lines bolder. */
    DAYS(TimeUnit.DAY, TimeUnit.MONTH),
    /** Up to 183 days: week lines (Monday 00:00), month lines bolder. */
    WEEKS(TimeUnit.WEEK, TimeUnit.MONTH),
    /** Up to 6 years: month lines, year lines bolder. */
    MONTHS(TimeUnit.MONTH, TimeUnit.YEAR),
    /** Longer: year lines only, all bold. */
    YEARS(TimeUnit.YEAR, TimeUnit.YEAR);

    public final TimeUnit minor;
    public final TimeUnit major;

    Level(TimeUnit minor, TimeUnit major) {
      this.minor = minor;
      this.major = major;
    }
  }
}
