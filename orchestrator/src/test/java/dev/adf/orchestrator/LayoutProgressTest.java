package dev.adf.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.orchestrator.definition.Availability;
import dev.adf.orchestrator.definition.Frequency;
import dev.adf.orchestrator.definition.Style;
import dev.adf.orchestrator.store.Store.ActivityRef;
import dev.adf.orchestrator.window.TimeWindow;
import dev.adf.orchestrator.window.Windows;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The deploy's layout counter: its total from the layout, its count as the store iterates. */
class LayoutProgressTest {
  static final ActivityRef A = new ActivityRef("P", "A");
  static final ActivityRef B = new ActivityRef("P", "B");

  @Test
  void countsWindowsAsTheyAreReadAndStartsAgainWhenALayoutIsReadAgain() {
    Availability hourly = new Availability(Frequency.Hour, 1, Style.EndOfInterval, null, null);
    Instant s = Instant.parse("2015-01-01T00:00:00Z");
    var range = Windows.range(hourly, s, s.plusSeconds(3600L * 48)); // 48 windows
    TimeWindow one = new TimeWindow(s, s.plusSeconds(86_400));
    LayoutProgress p = new LayoutProgress();
    assertThat(p.total()).as("before the layout is known").isEqualTo(-1);
    assertThat(p.done()).isZero();

    Map<ActivityRef, Iterable<TimeWindow>> watched = p.watch(Map.of(A, range, B, List.of(one)));
    assertThat(watched).containsOnlyKeys(A, B);
    assertThat(p.total()).isEqualTo(49);
    Iterator<TimeWindow> it = watched.get(A).iterator();
    for (int i = 0; i < 10; i++) {
      it.next();
    }
    assertThat(p.done()).isEqualTo(10);
    watched.get(B).forEach(w -> assertThat(w).isEqualTo(one));
    assertThat(p.done()).isEqualTo(11);
    // A transaction run again reads A's layout from its start: its count starts again.
    List<TimeWindow> again = new java.util.ArrayList<>();
    watched.get(A).forEach(again::add);
    assertThat(again).hasSize(48).first().isEqualTo(range.iterator().next());
    assertThat(p.done()).isEqualTo(49);
  }
}
