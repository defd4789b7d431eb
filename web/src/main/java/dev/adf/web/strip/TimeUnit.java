package dev.adf.web.strip;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/**
 * A calendar boundary in UTC that a strip's gridlines fall on: the top of an hour, midnight, Monday
 * 00:00 (ISO week), the first of a month at 00:00, 1 January at 00:00.
 */
public enum TimeUnit {
  HOUR,
  DAY,
  WEEK,
  MONTH,
  YEAR;

  /** The first boundary at or after {@code t} (UTC). */
  public Instant ceil(Instant t) {
    ZonedDateTime z = floor(t.atZone(ZoneOffset.UTC));
    Instant f = z.toInstant();
    return f.equals(t) ? f : next(z).toInstant();
  }

  /** The boundary after {@code t}, which must itself be a boundary. */
  public Instant next(Instant boundary) {
    return next(boundary.atZone(ZoneOffset.UTC)).toInstant();
  }

  /** Whether {@code t} falls exactly on a boundary of this unit. */
  public boolean isBoundary(Instant t) {
    return floor(t.atZone(ZoneOffset.UTC)).toInstant().equals(t);
  }

  private ZonedDateTime floor(ZonedDateTime z) {
    return switch (this) {
      case HOUR -> z.truncatedTo(ChronoUnit.HOURS);
      case DAY -> z.truncatedTo(ChronoUnit.DAYS);
      case WEEK -> z.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTH -> z.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
      case YEAR -> z.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1);
    };
  }

  private ZonedDateTime next(ZonedDateTime z) {
    return switch (this) {
      case HOUR -> z.plusHours(1);
      case DAY -> z.plusDays(1);
      case WEEK -> z.plusWeeks(1);
      case MONTH -> z.plusMonths(1);
      case YEAR -> z.plusYears(1);
    };
  }
}
