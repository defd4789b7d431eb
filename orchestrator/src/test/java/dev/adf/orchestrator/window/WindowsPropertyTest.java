package dev.adf.orchestrator.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.orchestrator.definition.Availability;
import dev.adf.orchestrator.definition.Frequency;
import dev.adf.orchestrator.definition.Style;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Properties of the grid over random availabilities and periods (seeded, reproducible). */
class WindowsPropertyTest {

  private static final long SEED = 20151116L;
  private static final int CASES = 3_000;
  private static final long BASE = Instant.parse("2000-01-01T00:00:00Z").getEpochSecond();
  private static final long SPAN = 30L * 365 * 86_400;

  @Test
  void windowsTileAndIntersectThePeriod() {
    Random random = new Random(SEED);
    for (int i = 0; i < CASES; i++) {
      Availability a = randomAvailability(random);
      Instant start = Instant.ofEpochSecond(BASE + (long) (random.nextDouble() * SPAN));
      Instant end = start.plusSeconds(1 + (long) (random.nextDouble() * maxPeriodSeconds(a)));
      String context = "case " + i + ": " + a + " over [" + start + ", " + end + ")";

      List<TimeWindow> windows = Windows.between(a, start, end);

      assertThat(windows).as(context).isNotEmpty();
      assertThat(windows.get(0).contains(start)).as(context + " first contains start").isTrue();
      assertThat(windows.get(windows.size() - 1).end()).as(context + " last reaches end").isAfterOrEqualTo(end);
      for (int j = 0; j < windows.size(); j++) {
        TimeWindow w = windows.get(j);
        assertThat(w.overlaps(new TimeWindow(start, end))).as(context + " intersects").isTrue();
        assertThat(Windows.windowContaining(a, w.start())).as(context + " on the grid").isEqualTo(w);
        if (j > 0) {
          assertThat(w.start()).as(context + " no gap or overlap").isEqualTo(windows.get(j - 1).end());
        }
      }
    }
  }

  @Test
  void aRangeIteratesExactlyTheWindowsBetweenAndCountsThemWithoutIterating() {
    Random random = new Random(SEED + 2);
    for (int i = 0; i < CASES; i++) {
      Availability a = randomAvailability(random);
      Instant start = Instant.ofEpochSecond(BASE + (long) (random.nextDouble() * SPAN), random.nextInt(1_000_000_000));
      Instant end = start.plusSeconds((long) (random.nextDouble() * maxPeriodSeconds(a)) - 10);
      String context = "case " + i + ": " + a + " over [" + start + ", " + end + ")";

      WindowRange range = Windows.range(a, start, end);
      List<TimeWindow> iterated = new java.util.ArrayList<>();
      range.forEach(iterated::add);

      assertThat(iterated).as(context).isEqualTo(Windows.between(a, start, end));
      assertThat(range.size()).as(context + " size").isEqualTo(iterated.size());
      assertThat(range.isEmpty()).as(context + " isEmpty").isEqualTo(iterated.isEmpty());
      List<TimeWindow> again = new java.util.ArrayList<>();
      range.forEach(again::add);
      assertThat(again).as(context + " re-iterable").isEqualTo(iterated);
    }
  }

  @Test
  void tenYearsOfHourlyWindowsAreCountedAtOnceAndAYearOneStartIsCountedToo() {
    Availability hourly = new Availability(Frequency.Hour, 1, Style.EndOfInterval, null, null);
    assertThat(Windows.range(hourly, Instant.parse("2016-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"))
        .size()).isEqualTo(87_672);
    assertThat(Windows.range(hourly, Windows.DEFAULT_ANCHOR, Instant.parse("2026-11-22T00:00:00Z")).size())
        .isEqualTo(17_758_584L);
  }

  @Test
  void windowContainingContainsTheInstant() {
    Random random = new Random(SEED + 1);
    for (int i = 0; i < CASES; i++) {
      Availability a = randomAvailability(random);
      Instant t = Instant.ofEpochSecond(BASE + (long) (random.nextDouble() * SPAN), random.nextInt(1_000_000_000));
      TimeWindow w = Windows.windowContaining(a, t);
      assertThat(w.contains(t)).as("case %d: %s at %s -> %s", i, a, t, w).isTrue();
    }
  }

  private static long maxPeriodSeconds(Availability a) {
    long unit = switch (a.frequency()) {
      case Minute -> 60L;
      case Hour -> 3_600L;
      case Day -> 86_400L;
      case Week -> 7 * 86_400L;
      case Month -> 31 * 86_400L;
    };
    return unit * a.interval() * 20;
  }

  private static Availability randomAvailability(Random random) {
    Frequency frequency = Frequency.values()[random.nextInt(Frequency.values().length)];
    int interval = 1 + random.nextInt(frequency == Frequency.Minute ? 120 : 24);
    Instant anchor = random.nextBoolean() ? null
        : Instant.ofEpochSecond(BASE + (long) (random.nextDouble() * SPAN) - SPAN / 2);
    Duration offset = random.nextBoolean() ? null : Duration.ofSeconds(random.nextInt(3 * 86_400));
    Style style = random.nextBoolean() ? Style.StartOfInterval : Style.EndOfInterval;
    return new Availability(frequency, interval, style, anchor, offset);
  }
}
