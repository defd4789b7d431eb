package dev.adf.web.strip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.adf.orchestrator.definition.Frequency;
import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.WindowKey;
import dev.adf.web.strip.Strip.Cell;
import dev.adf.web.strip.Strip.Gridline;
import dev.adf.web.strip.Strip.Level;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class StripLayoutTest {
  static final double W = 1000;

  static ActivityWindow window(Instant start, Instant end, WindowStatus status) {
    return new ActivityWindow(new WindowKey("P", "A", start), end, WindowState.of(status), 0, null, null, null, null, 0);
  }

  /** {@code n} consecutive windows from {@code first}, each ending where {@code next} says. */
  static List<ActivityWindow> windows(Instant first, int n, UnaryOperator<ZonedDateTime> next) {
    List<ActivityWindow> out = new ArrayList<>();
    ZonedDateTime s = first.atZone(ZoneOffset.UTC);
    for (int i = 0; i < n; i++) {
      ZonedDateTime e = next.apply(s);
      out.add(window(s.toInstant(), e.toInstant(), i % 3 == 0 ? WindowStatus.Failed : WindowStatus.Ready));
      s = e;
    }
    return out;
  }

  static ZonedDateTime utc(Instant t) {
    return t.atZone(ZoneOffset.UTC);
  }

  static double expectedX(Instant from, Instant to, Instant t) {
    return (double) Duration.between(from, t).toMillis() / Duration.between(from, to).toMillis() * W;
  }

  static void cellsAreProportionalToTime(Strip strip) {
    for (Cell c : strip.cells()) {
      Instant s = c.window().key().windowStart().isBefore(strip.from()) ? strip.from() : c.window().key().windowStart();
      Instant e = c.window().windowEnd().isAfter(strip.to()) ? strip.to() : c.window().windowEnd();
      assertThat(c.x()).isCloseTo(expectedX(strip.from(), strip.to(), s), within(1e-9));
      assertThat(c.width()).isCloseTo(
          (double) Duration.between(s, e).toMillis() / Duration.between(strip.from(), strip.to()).toMillis() * W,
          within(1e-9));
    }
    for (Gridline g : strip.gridlines()) {
      assertThat(g.x()).isCloseTo(expectedX(strip.from(), strip.to(), g.at()), within(1e-9));
    }
  }

  @Test
  void aDailyMonthHasMondayLinesAndBolderMonthLinesWithCellsAsWideAsTheirDays() {
    // 2015-11-10 (a Tuesday) to 2015-12-12: 32 daily windows, one month boundary, four Mondays.
    Instant from = Instant.parse("2015-11-10T00:00:00Z");
    Instant to = Instant.parse("2015-12-12T00:00:00Z");
    Strip strip = StripLayout.layout(windows(from, 32, d -> d.plusDays(1)), from, to, W);

    assertThat(strip.level()).isEqualTo(Level.WEEKS);
    assertThat(strip.cells()).hasSize(32);
    assertThat(strip.cells()).allSatisfy(c -> assertThat(c.width()).isCloseTo(W / 32, within(1e-9)));
    cellsAreProportionalToTime(strip);
    assertThat(strip.gridlines()).extracting(Gridline::at).containsExactly(
        Instant.parse("2015-11-16T00:00:00Z"), Instant.parse("2015-11-23T00:00:00Z"),
        Instant.parse("2015-11-30T00:00:00Z"), Instant.parse("2015-12-01T00:00:00Z"),
        Instant.parse("2015-12-07T00:00:00Z"));
    assertThat(strip.gridlines()).allSatisfy(g -> {
      assertThat(g.major()).isEqualTo(utc(g.at()).getDayOfMonth() == 1);
      if (!g.major()) {
        assertThat(utc(g.at()).getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
      }
      assertThat(utc(g.at()).toLocalTime()).isEqualTo(java.time.LocalTime.MIDNIGHT);
    });
    // Nov 30 (a Monday) and Dec 1 are 31 px apart: the month line keeps its label, the Monday loses it.
    assertThat(strip.ticks()).extracting(Strip.Tick::label).containsExactly("Nov 16", "Nov 23", "Dec 2015", "Dec 7");
  }

  @Test
  void anHourlyWeekHasALineAtEveryUtcMidnightAndNoneBetween() {
    Instant from = Instant.parse("2016-02-25T07:00:00Z");
    Instant to = from.plus(Duration.ofDays(7));
    Strip strip = StripLayout.layout(windows(from, 168, h -> h.plusHours(1)), from, to, W);

    assertThat(strip.level()).isEqualTo(Level.DAYS);
    assertThat(strip.cells()).hasSize(168);
    cellsAreProportionalToTime(strip);
    // Feb 26 .. Mar 3: seven midnights, 2016 is a leap year; March 1 is a month line (bolder).
    assertThat(strip.gridlines()).extracting(g -> g.at().toString()).containsExactly(
        "2016-02-26T00:00:00Z", "2016-02-27T00:00:00Z", "2016-02-28T00:00:00Z", "2016-02-29T00:00:00Z",
        "2016-03-01T00:00:00Z", "2016-03-02T00:00:00Z", "2016-03-03T00:00:00Z");
    assertThat(strip.gridlines()).filteredOn(Gridline::major).extracting(g -> g.at().toString())
        .containsExactly("2016-03-01T00:00:00Z");
    // Lines are 1000/7 px apart, not every N windows: the first is 17 hours in.
    assertThat(strip.gridlines().get(0).x()).isCloseTo(17.0 / 168 * W, within(1e-9));
    assertThat(strip.ticks()).hasSize(7);
  }

  @Test
  void aMonthlyYearHasMonthLinesOfUnequalSpacingAndAYearLine() {
    Instant from = Instant.parse("2015-07-01T00:00:00Z");
    Instant to = Instant.parse("2016-07-01T00:00:00Z");
    Strip strip = StripLayout.layout(windows(from, 12, m -> m.plusMonths(1)), from, to, W);

    assertThat(strip.level()).isEqualTo(Level.MONTHS);
    cellsAreProportionalToTime(strip);
    assertThat(strip.gridlines()).hasSize(12).allSatisfy(g -> {
      assertThat(utc(g.at()).getDayOfMonth()).isEqualTo(1);
      assertThat(utc(g.at()).toLocalTime()).isEqualTo(java.time.LocalTime.MIDNIGHT);
      assertThat(g.major()).isEqualTo(utc(g.at()).getMonthValue() == 1);
    });
    // February 2016 (29 days) is narrower than January (31 days), in proportion.
    Cell jan = strip.cells().get(6);
    Cell feb = strip.cells().get(7);
    assertThat(feb.width() / jan.width()).isCloseTo(29.0 / 31, within(1e-9));
    assertThat(strip.ticks()).extracting(Strip.Tick::label).contains("2016", "Jul", "Jun");
  }

  @Test
  void windowsOutsideTheRangeAreDroppedAndThoseAcrossAnEdgeAreClipped() {
    Instant from = Instant.parse("2016-01-01T12:00:00Z");
    Instant to = Instant.parse("2016-01-02T12:00:00Z");
    List<ActivityWindow> ws = windows(Instant.parse("2015-12-31T00:00:00Z"), 4, d -> d.plusDays(1));
    Strip strip = StripLayout.layout(ws, from, to, W);

    assertThat(strip.level()).isEqualTo(Level.HOURS);
    assertThat(strip.cells()).extracting(c -> c.window().key().windowStart().toString())
        .containsExactly("2016-01-01T00:00:00Z", "2016-01-02T00:00:00Z");
    assertThat(strip.cells().get(0).x()).isZero();
    assertThat(strip.cells().get(0).width()).isCloseTo(W / 2, within(1e-9));
    assertThat(strip.cells().get(1).x() + strip.cells().get(1).width()).isCloseTo(W, within(1e-9));
    // Hour lines each hour from 12:00, midnight bolder.
    assertThat(strip.gridlines()).hasSize(24).filteredOn(Gridline::major).extracting(g -> g.at().toString())
        .containsExactly("2016-01-02T00:00:00Z");
    assertThat(strip.ticks()).extracting(Strip.Tick::label).contains("12:00", "Jan 2");
  }

  @Test
  void ticksAreNeverCloserThanTheLabelGap() {
    Instant to = Instant.parse("2016-01-01T00:00:00Z");
    for (Frequency f : Frequency.values()) {
      Instant from = StripLayout.recentStart(f, 1, to);
      Strip strip = StripLayout.layout(List.of(), from, to, 600);
      assertThat(strip.ticks()).as(f.name()).isNotEmpty()
          .allSatisfy(t -> assertThat(t.x()).isLessThanOrEqualTo(600 - StripLayout.LABEL_ROOM));
      for (int i = 1; i < strip.ticks().size(); i++) {
        assertThat(strip.ticks().get(i).x() - strip.ticks().get(i - 1).x()).as(f.name())
            .isGreaterThanOrEqualTo(StripLayout.MIN_LABEL_GAP);
      }
    }
  }

  @Test
  void theRecentRangeIsAFixedNumberOfGridWindowsCountedOnTheCalendar() {
    Instant end = Instant.parse("2016-03-01T00:00:00Z");
    assertThat(StripLayout.recentStart(Frequency.Hour, 1, end)).isEqualTo(end.minus(Duration.ofHours(120)));
    assertThat(StripLayout.recentStart(Frequency.Minute, 15, end)).isEqualTo(end.minus(Duration.ofMinutes(1800)));
    assertThat(StripLayout.recentStart(Frequency.Day, 1, end)).isEqualTo(end.minus(Duration.ofDays(120)));
    assertThat(StripLayout.recentStart(Frequency.Month, 1, end)).isEqualTo(Instant.parse("2006-03-01T00:00:00Z"));
    assertThat(StripLayout.levelFor(Duration.ofDays(120))).isEqualTo(Level.WEEKS);
    assertThat(StripLayout.levelFor(Duration.ofHours(120))).isEqualTo(Level.DAYS);
    assertThat(StripLayout.levelFor(Duration.ofDays(3653))).isEqualTo(Level.YEARS);
    assertThatThrownBy(() -> StripLayout.rangeStart(Frequency.Day, 1, end, 501))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("60 to 200 windows");
  }

  @Test
  void anEmptyRangeOrNoWidthIsRefused() {
    Instant t = Instant.parse("2016-01-01T00:00:00Z");
    assertThatThrownBy(() -> StripLayout.layout(List.of(), t, t, W)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be empty");
    assertThatThrownBy(() -> StripLayout.layout(List.of(), t, t.plusSeconds(1), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("width");
  }
}
