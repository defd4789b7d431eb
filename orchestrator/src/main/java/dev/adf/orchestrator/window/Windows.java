package dev.adf.orchestrator.window;

import dev.adf.orchestrator.definition.Availability;
import dev.adf.orchestrator.definition.Frequency;
import dev.adf.orchestrator.definition.Style;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The slice grid of an {@link Availability} as pure functions: no clock, no database, all UTC.
 *
 * <p>Grid (adf-v1-semantics §3.1): boundaries are {@code anchor' + offset + k·(interval·frequency)}
 * for every integer k, where {@code anchor'} is {@code anchorDateTime} (default {@link
 * #DEFAULT_ANCHOR}, a Monday) with the parts finer than the frequency dropped. Minute, Hour and Day
 * steps are fixed lengths; Week is a 7-day block counted from the anchor (so weeks start on Monday
 * 00:00 UTC by default, ARCHITECTURE "Week windows"); Month follows calendar months, {@code
 * k·interval} months from the anchor's month, each shifted by the offset. Example: Hour×18 anchored at
 * 06:00 rolls across days 06:00→00:00→18:00→12:00.
 *
 * <p>Windows of a pipeline (§7 and ARCHITECTURE "non-aligned start"): every grid window that
 * intersects the active period {@code [start, end)}, so a Day grid with start 2015-11-16T00:00:01Z and
 * end 2015-11-16T23:59:00Z has the one window [2015-11-16T00:00Z, 2015-11-17T00:00Z), and a Month grid
 * with a one-day period produces the whole month.
 *
 * <p>Cost: the first window is computed arithmetically, then one step per window; ten years of hourly
 * windows take milliseconds.
 */
public final class Windows {

  /** ADF's default {@code anchorDateTime}: 0001-01-01T00:00Z (a Monday in the proleptic calendar). */
  public static final Instant DEFAULT_ANCHOR = Instant.parse("0001-01-01T00:00:00Z");

  private Windows() {}

  /**
   * Every grid window of {@code a} that intersects {@code [periodStart, periodEnd)}, oldest first; the
   * windows tile without gap or overlap. Empty when {@code periodStart} is not before {@code
   * periodEnd}. Holds every window in memory: for long periods use {@link #range}.
   */
  public static List<TimeWindow> between(Availability a, Instant periodStart, Instant periodEnd) {
    List<TimeWindow> out = new ArrayList<>();
    range(a, periodStart, periodEnd).forEach(out::add);
    return out;
  }

  /**
   * The same windows as {@link #between}, computed one at a time as they are iterated: constant memory
   * whatever the number of windows, and {@link WindowRange#size()} counts them without iterating.
   */
  public static WindowRange range(Availability a, Instant periodStart, Instant periodEnd) {
    Objects.requireNonNull(periodStart, "periodStart");
    Objects.requireNonNull(periodEnd, "periodEnd");
    return new WindowRange(a, periodStart, periodEnd);
  }

  /** How many grid windows of {@code a} intersect {@code [periodStart, periodEnd)} (0 when empty). */
  static long count(Availability a, Instant periodStart, Instant periodEnd) {
    if (!periodStart.isBefore(periodEnd)) {
      return 0;
    }
    Grid grid = new Grid(a);
    return grid.indexOf(periodEnd.minusNanos(1)) - grid.indexOf(periodStart) + 1;
  }

  /** The windows of {@link #range}, computed lazily: the first arithmetically, then one step each. */
  static java.util.Iterator<TimeWindow> iterator(Availability a, Instant periodStart, Instant periodEnd) {
    if (!periodStart.isBefore(periodEnd)) {
      return java.util.Collections.emptyIterator();
    }
    Grid grid = new Grid(a);
    long first = grid.indexOf(periodStart);
    return new java.util.Iterator<>() {
      long k = first;
      Instant start = grid.boundary(first);

      @Override
      public boolean hasNext() {
        return start.isBefore(periodEnd);
      }

      @Override
      public TimeWindow next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        Instant end = grid.boundary(++k);
        TimeWindow w = new TimeWindow(start, end);
        start = end;
        return w;
      }
    };
  }

  /** The grid window of {@code a} that contains {@code t} ({@code start <= t < end}). */
  public static TimeWindow windowContaining(Availability a, Instant t) {
    Grid grid = new Grid(a);
    long k = grid.indexOf(t);
    return new TimeWindow(grid.boundary(k), grid.boundary(k + 1));
  }

  /**
   * When window {@code w} is due by its style (§3.1): EndOfInterval (the default) at {@code w.end()},
   * StartOfInterval at {@code w.start()}. The activity policy's {@code delay} is not included.
   */
  public static Instant dueTime(Availability a, TimeWindow w) {
    return a.style() == Style.StartOfInterval ? w.start() : w.end();
  }

  /** One availability's boundaries, numbered by k with boundary(0) = anchor' + offset. */
  private static final class Grid {
    private final Frequency frequency;
    private final int interval;
    private final Instant origin;
    private final LocalDateTime anchorMonth;
    private final Duration offset;
    private final long stepSeconds;

    Grid(Availability a) {
      frequency = a.frequency();
      interval = a.interval();
      offset = a.offset() == null ? Duration.ZERO : a.offset();
      Instant anchor = a.anchorDateTime() == null ? DEFAULT_ANCHOR : a.anchorDateTime();
      LocalDateTime local = LocalDateTime.ofInstant(anchor, ZoneOffset.UTC);
      anchorMonth = local.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
      LocalDateTime truncated =
          switch (frequency) {
            case Minute -> local.truncatedTo(ChronoUnit.MINUTES);
            case Hour -> local.truncatedTo(ChronoUnit.HOURS);
            case Day, Week -> local.truncatedTo(ChronoUnit.DAYS);
            case Month -> anchorMonth;
          };
      origin = truncated.toInstant(ZoneOffset.UTC).plus(offset);
      long unit =
          switch (frequency) {
            case Minute -> 60L;
            case Hour -> 3_600L;
            case Day -> 86_400L;
            case Week -> 7 * 86_400L;
            case Month -> 0L;
          };
      stepSeconds = unit * interval;
    }

    Instant boundary(long k) {
      if (frequency == Frequency.Month) {
        return anchorMonth.plusMonths(k * interval).toInstant(ZoneOffset.UTC).plus(offset);
      }
      return origin.plusSeconds(k * stepSeconds);
    }

    /** The k with boundary(k) <= t < boundary(k + 1). */
    long indexOf(Instant t) {
      long k;
      if (frequency == Frequency.Month) {
        LocalDateTime local = LocalDateTime.ofInstant(t.minus(offset), ZoneOffset.UTC);
        long months =
            ChronoUnit.MONTHS.between(anchorMonth, local.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1));
        k = Math.floorDiv(months, interval);
      } else {
        k = Math.floorDiv(t.getEpochSecond() - origin.getEpochSecond(), stepSeconds);
      }
      // Correct for sub-second parts and month-length effects: at most a step or two.
      while (boundary(k).isAfter(t)) {
        k--;
      }
      while (!boundary(k + 1).isAfter(t)) {
        k++;
      }
      return k;
    }
  }
}
