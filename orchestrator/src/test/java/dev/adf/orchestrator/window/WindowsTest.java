package dev.adf.orchestrator.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.orchestrator.definition.Availability;
import dev.adf.orchestrator.definition.Frequency;
import dev.adf.orchestrator.definition.Style;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Named cases from adf-v1-semantics §3.1 and §7 and the ARCHITECTURE decisions. */
class WindowsTest {

  private static Instant t(String iso) {
    return Instant.parse(iso);
  }

  private static TimeWindow w(String start, String end) {
    return new TimeWindow(t(start), t(end));
  }

  @Test
  void hourlyEightToElevenGivesThreeWindows() {
    assertThat(Windows.between(Availability.of(Frequency.Hour, 1),
            t("2016-07-12T08:00:00Z"), t("2016-07-12T11:00:00Z")))
        .containsExactly(
            w("2016-07-12T08:00:00Z", "2016-07-12T09:00:00Z"),
            w("2016-07-12T09:00:00Z", "2016-07-12T10:00:00Z"),
            w("2016-07-12T10:00:00Z", "2016-07-12T11:00:00Z"));
  }

  @Test
  void oneDayHourlyGivesTwentyFourEndExclusive() {
    assertThat(Windows.between(Availability.of(Frequency.Hour, 1),
            t("2016-07-12T00:00:00Z"), t("2016-07-13T00:00:00Z")))
        .hasSize(24);
  }

  @Test
  void monthWithOneDayPeriodGivesWholeApril() {
    assertThat(Windows.between(Availability.of(Frequency.Month, 1),
            t("2016-04-01T00:00:00Z"), t("2016-04-02T00:00:00Z")))
        .containsExactly(w("2016-04-01T00:00:00Z", "2016-05-01T00:00:00Z"));
  }

  @Test
  void dayWithOffsetRunsSixToSix() {
    var a = new Availability(Frequency.Day, 1, null, null, Duration.ofHours(6));
    assertThat(Windows.between(a, t("2016-01-01T06:00:00Z"), t("2016-01-03T06:00:00Z")))
        .containsExactly(
            w("2016-01-01T06:00:00Z", "2016-01-02T06:00:00Z"),
            w("2016-01-02T06:00:00Z", "2016-01-03T06:00:00Z"));
  }

  @Test
  void eighteenHoursAnchoredAtSixRollAcrossDays() {
    var a = new Availability(Frequency.Hour, 18, null, t("2017-04-01T06:00:00Z"), null);
    assertThat(Windows.between(a, t("2017-04-01T06:00:00Z"), t("2017-04-03T12:00:00Z")))
        .containsExactly(
            w("2017-04-01T06:00:00Z", "2017-04-02T00:00:00Z"),
            w("2017-04-02T00:00:00Z", "2017-04-02T18:00:00Z"),
            w("2017-04-02T18:00:00Z", "2017-04-03T12:00:00Z"));
  }

  @Test
  void anchorPartsFinerThanFrequencyAreIgnored() {
    var a = new Availability(Frequency.Hour, 1, null, t("2017-04-01T06:37:12Z"), null);
    assertThat(Windows.windowContaining(a, t("2017-04-01T09:10:00Z")))
        .isEqualTo(w("2017-04-01T09:00:00Z", "2017-04-01T10:00:00Z"));
  }

  @Test
  void sparkSampleNonAlignedStartGivesTheWholeDay() {
    assertThat(Windows.between(Availability.of(Frequency.Day, 1),
            t("2015-11-16T00:00:01Z"), t("2015-11-16T23:59:00Z")))
        .containsExactly(w("2015-11-16T00:00:00Z", "2015-11-17T00:00:00Z"));
  }

  @Test
  void weeksStartOnMondayByDefault() {
    // 2016-06-15 is a Wednesday.
    assertThat(Windows.windowContaining(Availability.of(Frequency.Week, 1), t("2016-06-15T12:00:00Z")))
        .isEqualTo(w("2016-06-13T00:00:00Z", "2016-06-20T00:00:00Z"));
  }

  @Test
  void monthsFollowCalendarMonthsWithIntervalFromTheAnchorMonth() {
    var quarterly = new Availability(Frequency.Month, 3, null, t("2016-02-10T00:00:00Z"), null);
    assertThat(Windows.between(quarterly, t("2016-06-01T00:00:00Z"), t("2016-06-02T00:00:00Z")))
        .containsExactly(w("2016-05-01T00:00:00Z", "2016-08-01T00:00:00Z"));
  }

  @Test
  void monthWithDayOffset() {
    var a = new Availability(Frequency.Month, 1, Style.StartOfInterval, null, Duration.ofDays(2).plusHours(8));
    assertThat(Windows.windowContaining(a, t("2016-03-02T00:00:00Z")))
        .isEqualTo(w("2016-02-03T08:00:00Z", "2016-03-03T08:00:00Z"));
  }

  @Test
  void emptyPeriodHasNoWindows() {
    assertThat(Windows.between(Availability.of(Frequency.Hour, 1), t("2016-01-01T00:00:00Z"),
        t("2016-01-01T00:00:00Z"))).isEmpty();
  }

  @Test
  void dueTimeFollowsStyle() {
    TimeWindow window = w("2016-01-01T13:00:00Z", "2016-01-01T14:00:00Z");
    assertThat(Windows.dueTime(Availability.of(Frequency.Hour, 1), window)).isEqualTo(window.end());
    assertThat(Windows.dueTime(new Availability(Frequency.Hour, 1, Style.StartOfInterval, null, null), window))
        .isEqualTo(window.start());
  }

  @Test
  void tenYearsOfHourlyWindowsIsFast() {
    long before = System.nanoTime();
    List<TimeWindow> windows = Windows.between(Availability.of(Frequency.Hour, 1),
        t("2010-01-01T00:00:00Z"), t("2020-01-01T00:00:00Z"));
    long millis = (System.nanoTime() - before) / 1_000_000;
    assertThat(windows).hasSize(87_648);
    assertThat(millis).isLessThan(1_000);
  }
}
