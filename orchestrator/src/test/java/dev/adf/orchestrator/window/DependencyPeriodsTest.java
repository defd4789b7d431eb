package dev.adf.orchestrator.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adf.activities.expression.ExpressionException;
import dev.adf.orchestrator.definition.Availability;
import dev.adf.orchestrator.definition.Frequency;
import dev.adf.orchestrator.definition.InputDependency;
import dev.adf.orchestrator.window.DependencyPeriods.DependencyPeriod;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Dependency periods (adf-v1-semantics §6): default, startTime/endTime expressions, length. */
class DependencyPeriodsTest {
  static final Availability HOURLY = Availability.of(Frequency.Hour, 1);
  static final Availability DAILY = Availability.of(Frequency.Day, 1);

  private static Instant t(String iso) {
    return Instant.parse(iso);
  }

  private static TimeWindow w(String start, String end) {
    return new TimeWindow(t(start), t(end));
  }

  private static InputDependency input(String startTime, String endTime, Duration length) {
    return new InputDependency("in", startTime, endTime, length);
  }

  @Test
  void defaultPeriodOfADailyWindowOverAnHourlyInputIsItsTwentyFourHours() {
    DependencyPeriod p = DependencyPeriods.of(w("2016-07-12T00:00:00Z", "2016-07-13T00:00:00Z"),
        input(null, null, null), HOURLY);

    assertThat(p.start()).isEqualTo(t("2016-07-12T00:00:00Z"));
    assertThat(p.end()).isEqualTo(t("2016-07-13T00:00:00Z"));
    assertThat(p.slices()).hasSize(24);
    assertThat(p.slices().get(0)).isEqualTo(w("2016-07-12T00:00:00Z", "2016-07-12T01:00:00Z"));
    assertThat(p.slices().get(23)).isEqualTo(w("2016-07-12T23:00:00Z", "2016-07-13T00:00:00Z"));
    for (int i = 1; i < 24; i++) {
      assertThat(p.slices().get(i).start()).isEqualTo(p.slices().get(i - 1).end());
    }
  }

  @Test
  void aNullInputMeansTheDefaultPeriod() {
    DependencyPeriod p = DependencyPeriods.of(w("2016-07-12T00:00:00Z", "2016-07-13T00:00:00Z"), null, DAILY);
    assertThat(p.slices()).containsExactly(w("2016-07-12T00:00:00Z", "2016-07-13T00:00:00Z"));
  }

  @Test
  void previousDayExpressionsSelectYesterdaysSlice() {
    DependencyPeriod p = DependencyPeriods.of(w("2016-07-12T00:00:00Z", "2016-07-13T00:00:00Z"),
        input("Date.AddDays(SliceStart, -1)", "Date.AddDays(SliceEnd, -1)", null), DAILY);

    assertThat(p.slices()).containsExactly(w("2016-07-11T00:00:00Z", "2016-07-12T00:00:00Z"));
  }

  @Test
  void weekSoFarRunsFromTheSundayBeforeToTheWindowEnd() {
    // 2016-07-14 is a Thursday: DayOfWeek = 4, so the period starts on Sunday 2016-07-10.
    DependencyPeriod p = DependencyPeriods.of(w("2016-07-14T00:00:00Z", "2016-07-15T00:00:00Z"),
        input("Date.AddDays(SliceStart, -Date.DayOfWeek(SliceStart))", null, null), DAILY);

    assertThat(p.start()).isEqualTo(t("2016-07-10T00:00:00Z"));
    assertThat(p.end()).isEqualTo(t("2016-07-15T00:00:00Z"));
    assertThat(p.slices()).extracting(TimeWindow::start).containsExactly(
        t("2016-07-10T00:00:00Z"), t("2016-07-11T00:00:00Z"), t("2016-07-12T00:00:00Z"),
        t("2016-07-13T00:00:00Z"), t("2016-07-14T00:00:00Z"));
  }

  @Test
  void weeklyInputOfTheDocsExampleIsTheWeekStartingOnSunday() {
    // The docs' Weekly example: both ends moved back to the Sunday; on a Sunday the period is empty.
    var weekly = input("Date.AddDays(SliceStart, -Date.DayOfWeek(SliceStart))",
        "Date.AddDays(SliceEnd, -Date.DayOfWeek(SliceEnd))", null);
    DependencyPeriod thursday = DependencyPeriods.of(w("2016-07-14T00:00:00Z", "2016-07-15T00:00:00Z"), weekly, DAILY);
    assertThat(thursday.isEmpty()).isTrue();
    assertThat(thursday.slices()).isEmpty();
    // A weekly window Sunday→Sunday depends on the Sunday→Sunday days before it, unchanged.
    DependencyPeriod week = DependencyPeriods.of(w("2016-07-10T00:00:00Z", "2016-07-17T00:00:00Z"), weekly, DAILY);
    assertThat(week.slices()).hasSize(7).first().isEqualTo(w("2016-07-10T00:00:00Z", "2016-07-11T00:00:00Z"));
  }

  @Test
  void lengthWithoutEndTimeEndsTheLengthAfterTheStart() {
    DependencyPeriod p = DependencyPeriods.of(w("2016-07-12T00:00:00Z", "2016-07-13T00:00:00Z"),
        input("Date.AddDays(SliceStart, -2)", null, Duration.ofDays(2)), DAILY);

    assertThat(p.start()).isEqualTo(t("2016-07-10T00:00:00Z"));
    assertThat(p.end()).isEqualTo(t("2016-07-12T00:00:00Z"));
    assertThat(p.slices()).containsExactly(
        w("2016-07-10T00:00:00Z", "2016-07-11T00:00:00Z"), w("2016-07-11T00:00:00Z", "2016-07-12T00:00:00Z"));
  }

  @Test
  void lengthAloneStartsAtTheWindowStart() {
    DependencyPeriod p = DependencyPeriods.of(w("2016-07-12T00:00:00Z", "2016-07-13T00:00:00Z"),
        input(null, null, Duration.ofHours(3)), HOURLY);
    assertThat(p.slices()).extracting(TimeWindow::start).containsExactly(
        t("2016-07-12T00:00:00Z"), t("2016-07-12T01:00:00Z"), t("2016-07-12T02:00:00Z"));
  }

  @Test
  void endTimeWinsOverLength() {
    DependencyPeriod p = DependencyPeriods.of(w("2016-07-12T00:00:00Z", "2016-07-13T00:00:00Z"),
        input(null, "Time.AddHours(SliceStart, 1)", Duration.ofHours(5)), HOURLY);
    assertThat(p.slices()).containsExactly(w("2016-07-12T00:00:00Z", "2016-07-12T01:00:00Z"));
  }

  @Test
  void aPeriodNotAlignedToTheInputGridTakesEveryOverlappingSlice() {
    // [06:00 yesterday, 06:00 today) over a daily input touches two daily slices.
    DependencyPeriod p = DependencyPeriods.of(w("2016-07-12T00:00:00Z", "2016-07-13T00:00:00Z"),
        input("Time.AddHours(SliceStart, -18)", "Time.AddHours(SliceStart, 6)", null), DAILY);

    assertThat(p.slices()).containsExactly(
        w("2016-07-11T00:00:00Z", "2016-07-12T00:00:00Z"), w("2016-07-12T00:00:00Z", "2016-07-13T00:00:00Z"));
  }

  @Test
  void anHourlyWindowOverADailyInputWaitsForTheDayItFallsIn() {
    DependencyPeriod p = DependencyPeriods.of(w("2016-07-12T13:00:00Z", "2016-07-12T14:00:00Z"),
        input(null, null, null), DAILY);
    assertThat(p.slices()).containsExactly(w("2016-07-12T00:00:00Z", "2016-07-13T00:00:00Z"));
  }

  @Test
  void anEmptyPeriodHasNoSlices() {
    DependencyPeriod p = DependencyPeriods.of(w("2016-07-12T00:00:00Z", "2016-07-13T00:00:00Z"),
        input("SliceEnd", "SliceStart", null), HOURLY);
    assertThat(p.isEmpty()).isTrue();
    assertThat(p.slices()).isEmpty();
  }

  @Test
  void anExpressionThatIsNotADateFailsWithTheEvaluatorsError() {
    assertThatThrownBy(() -> DependencyPeriods.of(w("2016-07-12T00:00:00Z", "2016-07-13T00:00:00Z"),
        input("Date.DayOfWeek(SliceStart)", null, null), HOURLY))
        .isInstanceOf(ExpressionException.class);
  }
}
