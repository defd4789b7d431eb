package dev.adf.orchestrator.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimeSpanTest {

  @Test
  void parsesHoursMinutesSeconds() {
    assertThat(TimeSpan.parse("01:00:00")).isEqualTo(Duration.ofHours(1));
    assertThat(TimeSpan.parse("00:30:00")).isEqualTo(Duration.ofMinutes(30));
    assertThat(TimeSpan.parse("00:00:00")).isEqualTo(Duration.ZERO);
  }

  @Test
  void dayPartIsDays() {
    assertThat(TimeSpan.parse("1.00:00:00")).isEqualTo(Duration.ofDays(1));
    assertThat(TimeSpan.parse("3.08:00:00")).isEqualTo(Duration.ofDays(3).plusHours(8));
  }

  @Test
  void twentyFourHoursMeansTwentyFourDaysAsInDotNet() {
    assertThat(TimeSpan.parse("24:00:00")).isEqualTo(Duration.ofDays(24));
    assertThat(TimeSpan.parse("30:12:30")).isEqualTo(Duration.ofDays(30).plusHours(12).plusMinutes(30));
  }

  @Test
  void singleDigitFieldsFromTheCorpus() {
    assertThat(TimeSpan.parse("00:5:00")).isEqualTo(Duration.ofMinutes(5));
    assertThat(TimeSpan.parse("1:2:3")).isEqualTo(Duration.ofSeconds(3723));
  }

  @Test
  void negativeAndFraction() {
    assertThat(TimeSpan.parse("-01:30:00")).isEqualTo(Duration.ofMinutes(-90));
    assertThat(TimeSpan.parse("00:00:01.5")).isEqualTo(Duration.ofMillis(1500));
    assertThat(TimeSpan.parse("00:00:00.0000001")).isEqualTo(Duration.ofNanos(100));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "1h", "01:00", "01:60:00", "00:00:60", "1.24:00:00", "24:60:00",
      "01:00:00:00", "1.2.03:00:00", " . "})
  void rejectsBadValuesNamingValueAndForm(String bad) {
    assertThatThrownBy(() -> TimeSpan.parse(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + bad + "'")
        .hasMessageContaining("[d.]hh:mm:ss, e.g. 01:00:00 or 1.00:00:00");
  }

  @Test
  void rejectsNull() {
    assertThatThrownBy(() -> TimeSpan.parse(null)).hasMessageContaining("null is not a TimeSpan");
  }

  @Test
  void formatsBack() {
    assertThat(TimeSpan.format(Duration.ofHours(1))).isEqualTo("01:00:00");
    assertThat(TimeSpan.format(Duration.ofDays(1))).isEqualTo("1.00:00:00");
    assertThat(TimeSpan.format(Duration.ofDays(24))).isEqualTo("24.00:00:00");
    assertThat(TimeSpan.format(Duration.ofMinutes(-90))).isEqualTo("-01:30:00");
    assertThat(TimeSpan.format(Duration.ofMillis(1500))).isEqualTo("00:00:01.5000000");
  }

  @ParameterizedTest
  @ValueSource(strings = {"01:00:00", "1.00:00:00", "3.08:00:00", "-00:00:05", "12.23:59:59.1234567"})
  void roundTrips(String text) {
    assertThat(TimeSpan.format(TimeSpan.parse(text))).isEqualTo(text);
  }
}
