package dev.adf.web.strip;

import dev.adf.orchestrator.definition.Frequency;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.web.strip.Strip.Cell;
import dev.adf.web.strip.Strip.Gridline;
import dev.adf.web.strip.Strip.Level;
import dev.adf.web.strip.Strip.Tick;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The geometry of a window strip, a pure function of (windows, range, width): x is proportional to
 * time, so a window's width is its duration and gridlines fall on UTC calendar boundaries (never
 * "every N windows", Airflow #24723). No clock, no database.
 */
public final class StripLayout {
  /** How many windows of the activity's grid a strip covers by default ({@link #recentStart}). */
  public static final int DEFAULT_WINDOWS = 120;
  /** The fewest and most windows {@link #rangeStart} accepts. */
  public static final int MIN_WINDOWS = 60;
  public static final int MAX_WINDOWS = 200;
  /** Labels are at least this many pixels apart (about the width of {@code Dec 2015} at 10px). */
  public static final double MIN_LABEL_GAP = 56;
  /** A gridline closer than this to the right edge has no label: there is no room for one. */
  public static final double LABEL_ROOM = 40;

  private static final Duration TWO_DAYS = Duration.ofDays(2);
  private static final Duration THREE_WEEKS = Duration.ofDays(21);
  private static final Duration HALF_YEAR = Duration.ofDays(183);
  private static final Duration SIX_YEARS = Duration.ofDays(6 * 366);

  private StripLayout() {}

  /**
   * The range of {@code windows} windows of a grid of {@code interval} × {@code frequency} ending at
   * {@code end}: {@code [end - windows × interval × frequency, end)}, months counted on the UTC
   * calendar.
   *
   * @throws IllegalArgumentException when {@code windows} is outside [{@link #MIN_WINDOWS}, {@link
   *     #MAX_WINDOWS}] or {@code interval} is below 1
   */
  public static Instant rangeStart(Frequency frequency, int interval, Instant end, int windows) {
    if (windows < MIN_WINDOWS || windows > MAX_WINDOWS) {
      throw new IllegalArgumentException("a strip covers " + MIN_WINDOWS + " to " + MAX_WINDOWS + " windows, not "
          + windows);
    }
    if (interval < 1) {
      throw new IllegalArgumentException("interval must be at least 1, was " + interval);
    }
    long n = (long) windows * interval;
    var z = end.atZone(ZoneOffset.UTC);
    var start = switch (frequency) {
      case Minute -> z.minusMinutes(n);
      case Hour -> z.minusHours(n);
      case Day -> z.minusDays(n);
      case Week -> z.minusWeeks(n);
      case Month -> z.minusMonths(n);
    };
    return start.toInstant();
  }

  /** {@link #rangeStart} with {@link #DEFAULT_WINDOWS}. */
  public static Instant recentStart(Frequency frequency, int interval, Instant end) {
    return rangeStart(frequency, interval, end, DEFAULT_WINDOWS);
  }

  /** The gridline level of a range of this length (see {@link Level}). */
  public static Level levelFor(Duration span) {
    if (span.compareTo(TWO_DAYS) <= 0) {
      return Level.HOURS;
    }
    if (span.compareTo(THREE_WEEKS) <= 0) {
      return Level.DAYS;
    }
    if (span.compareTo(HALF_YEAR) <= 0) {
      return Level.WEEKS;
    }
    return span.compareTo(SIX_YEARS) <= 0 ? Level.MONTHS : Level.YEARS;
  }

  /**
   * Lays out a strip.
   *
   * @param windows the windows, any order; those not intersecting {@code [from, to)} are left out and
   *     the others clipped to it
   * @param from left edge (UTC, inclusive)
   * @param to right edge (UTC, exclusive)
   * @param width pixels from {@code from} to {@code to}
   * @throws IllegalArgumentException when {@code from} is not before {@code to} or {@code width} is not
   *     positive
   */
  public static Strip layout(List<ActivityWindow> windows, Instant from, Instant to, double width) {
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("a strip's range must not be empty: [" + from + ", " + to + ")");
    }
    if (!(width > 0)) {
      throw new IllegalArgumentException("a strip's width must be positive, was " + width);
    }
    Scale scale = new Scale(from, to, width);
    List<Cell> cells = new ArrayList<>();
    for (ActivityWindow w : windows) {
      Instant s = w.key().windowStart();
      Instant e = w.windowEnd();
      if (s.isBefore(to) && e.isAfter(from)) {
        double x0 = scale.x(s.isBefore(from) ? from : s);
        double x1 = scale.x(e.isAfter(to) ? to : e);
        cells.add(new Cell(w, x0, x1 - x0));
      }
    }
    Level level = levelFor(Duration.between(from, to));
    List<Gridline> lines = gridlines(level, from, to, scale);
    return new Strip(from, to, width, level, cells, lines, ticks(level, lines, width));
  }

  private static List<Gridline> gridlines(Level level, Instant from, Instant to, Scale scale) {
    Map<Instant, Boolean> at = new TreeMap<>();
    for (Instant t = level.minor.ceil(from); t.isBefore(to); t = level.minor.next(t)) {
      at.put(t, level.major.isBoundary(t));
    }
    for (Instant t = level.major.ceil(from); t.isBefore(to); t = level.major.next(t)) {
      at.put(t, true);
    }
    List<Gridline> out = new ArrayList<>();
    at.forEach((t, major) -> out.add(new Gridline(t, scale.x(t), major ? level.major : level.minor, major)));
    return out;
  }

  /**
   * Major lines are labelled first, left to right, then minor ones where they fit; labels start at
   * their line and go right, so none is put within {@link #LABEL_ROOM} of the right edge.
   */
  private static List<Tick> ticks(Level level, List<Gridline> lines, double width) {
    List<Tick> out = new ArrayList<>();
    for (boolean majors : new boolean[] {true, false}) {
      for (Gridline g : lines) {
        boolean room = g.x() <= width - LABEL_ROOM
            && out.stream().allMatch(t -> Math.abs(t.x() - g.x()) >= MIN_LABEL_GAP);
        if (g.major() == majors && room) {
          out.add(new Tick(g.x(), label(level, g), g.major()));
        }
      }
    }
    out.sort(Comparator.comparingDouble(Tick::x));
    return out;
  }

  private static final DateTimeFormatter HOUR = fmt("HH:mm");
  private static final DateTimeFormatter DAY = fmt("MMM d");
  private static final DateTimeFormatter MONTH = fmt("MMM");
  private static final DateTimeFormatter MONTH_YEAR = fmt("MMM yyyy");
  private static final DateTimeFormatter YEAR = fmt("yyyy");

  private static DateTimeFormatter fmt(String pattern) {
    return DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH).withZone(ZoneOffset.UTC);
  }

  private static String label(Level level, Gridline g) {
    DateTimeFormatter f = switch (g.unit()) {
      case HOUR -> HOUR;
      case DAY, WEEK -> DAY;
      case MONTH -> level == Level.MONTHS ? MONTH : MONTH_YEAR;
      case YEAR -> YEAR;
    };
    return f.format(g.at());
  }

  /** Time to pixels, linear. */
  private record Scale(Instant from, Instant to, double width) {
    double x(Instant t) {
      double span = Duration.between(from, to).toMillis();
      return Duration.between(from, t).toMillis() / span * width;
    }
  }
}
