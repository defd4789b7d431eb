package dev.adf.orchestrator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.status.WindowSubstatus;
import dev.adf.orchestrator.store.Store.ActivityRef;
import dev.adf.orchestrator.store.Store.Transition;
import dev.adf.orchestrator.store.Store.WindowChange;
import dev.adf.orchestrator.window.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Walks {@link WindowState}'s table: every allowed (from, to) is driven through the real store on its
 * own window, reached from Waiting by legal steps only, and lands in the window's history; every pair
 * not in the table is refused by the store and changes nothing.
 */
class TransitionTableWalkTest extends StoreTestBase {
  @Override
  Database.Dialect dialect() {
    return Database.Dialect.H2;
  }

  static final ActivityRef REF = new ActivityRef("P", "A");

  /** A representative state of each status (the table is on statuses). */
  static WindowState stateOf(WindowStatus s) {
    return switch (s) {
      case Waiting -> WindowState.of(WindowSubstatus.Retry);
      case Failed -> WindowState.of(WindowSubstatus.Canceled);
      default -> WindowState.of(s);
    };
  }

  /** The shortest legal path of statuses from Waiting to {@code target}, by the table. */
  static List<WindowStatus> pathTo(WindowStatus target) {
    Map<WindowStatus, WindowStatus> previous = new EnumMap<>(WindowStatus.class);
    var todo = new ArrayDeque<WindowStatus>(List.of(WindowStatus.Waiting));
    previous.put(WindowStatus.Waiting, WindowStatus.Waiting);
    while (!todo.isEmpty()) {
      WindowStatus s = todo.pop();
      for (WindowStatus n : WindowState.allowedFrom(s)) {
        if (previous.putIfAbsent(n, s) == null) {
          todo.add(n);
        }
      }
    }
    assertThat(previous).as("every status is reachable from Waiting").containsKey(target);
    List<WindowStatus> path = new ArrayList<>();
    for (WindowStatus s = target; s != WindowStatus.Waiting; s = previous.get(s)) {
      path.add(0, s);
    }
    return path;
  }

  ActivityWindow drive(ActivityWindow w, WindowStatus to, Instant at) {
    if (to == WindowStatus.InProgress && w.state().status() == WindowStatus.Waiting) {
      return store.claim(w, at).orElseThrow();
    }
    assertThat(store.transition(w, stateOf(to), WindowChange.keep(w), "walk", at)).isTrue();
    return store.window(w.key()).orElseThrow();
  }

  @Test
  void everyTransitionOfTheTableIsDrivenThroughTheStoreAndEveryOtherIsRefused() {
    int day = 0;
    int exercised = 0;
    for (WindowStatus from : WindowStatus.values()) {
      for (WindowStatus to : WindowStatus.values()) {
        Instant start = Instant.parse("2015-11-16T00:00:00Z").plus(Duration.ofDays(day++));
        store.addWindows(REF, List.of(new TimeWindow(start, start.plus(Duration.ofDays(1)))), T0);
        WindowKey key = new WindowKey("P", "A", start);
        ActivityWindow w = store.window(key).orElseThrow();
        for (WindowStatus step : pathTo(from)) {
          w = drive(w, step, T0);
        }
        assertThat(w.state().status()).isEqualTo(from);
        if (WindowState.allowedFrom(from).contains(to)) {
          ActivityWindow after = drive(w, to, T0.plusSeconds(1));
          assertThat(after.state()).isEqualTo(stateOf(to));
          assertThat(after.rowVersion()).isGreaterThan(w.rowVersion());
          exercised++;
        } else {
          ActivityWindow before = w;
          assertThatThrownBy(() -> store.transition(before, stateOf(to), WindowChange.keep(before), "walk", T0))
              .isInstanceOf(IllegalStateException.class).hasMessageContaining(from + "").hasMessageContaining(to + "");
          assertThat(store.window(key).orElseThrow()).isEqualTo(before);
        }
      }
    }
    int inTable = 0;
    for (WindowStatus s : WindowStatus.values()) {
      inTable += WindowState.allowedFrom(s).size();
    }
    assertThat(exercised).isEqualTo(inTable);
  }

  @Test
  void transitionAllChangesEveryWindowOrNone() {
    store.addWindows(REF, List.of(day(0), day(1)), T0);
    ActivityWindow a = store.window(new WindowKey("P", "A", day(0).start())).orElseThrow();
    ActivityWindow b = store.window(new WindowKey("P", "A", day(1).start())).orElseThrow();
    // b changes after it was read: the whole batch is refused, a is left as it was.
    assertThat(store.transition(b, WindowState.of(WindowSubstatus.DatasetDependencies), WindowChange.keep(b), "x", T0))
        .isTrue();
    var skip = WindowState.of(WindowStatus.Skipped);
    assertThat(store.transitionAll(List.of(new Transition(a, skip, WindowChange.keep(a)),
        new Transition(b, skip, WindowChange.keep(b))), "skipped by user", T0)).isFalse();
    assertThat(store.window(a.key()).orElseThrow().state()).isEqualTo(WindowState.of(WindowSubstatus.ScheduledTime));

    ActivityWindow b2 = store.window(b.key()).orElseThrow();
    assertThat(store.transitionAll(List.of(new Transition(a, skip, WindowChange.keep(a)),
        new Transition(b2, skip, WindowChange.keep(b2))), "skipped by user", T0)).isTrue();
    assertThat(store.windows(WindowQuery.ALL)).allMatch(w -> w.state().equals(skip));

    ActivityWindow ready = store.window(a.key()).orElseThrow();
    assertThatThrownBy(() -> store.transitionAll(
        List.of(new Transition(ready, WindowState.of(WindowStatus.Ready), WindowChange.keep(ready))), "x", T0))
        .hasMessageContaining("Skipped -> Ready");
  }

  @Test
  void pausesAreStoredByCaseInsensitiveNameUntilResumed() {
    assertThat(store.pauses()).isEmpty();
    store.pause("SparkSubmit", false, T0);
    store.pause("sparksubmit", true, T0.plusSeconds(5));
    assertThat(store.pauses()).containsExactly(new Store.PipelinePause("sparksubmit", true, T0.plusSeconds(5)));
    assertThat(store.resume("SPARKSUBMIT")).isTrue();
    assertThat(store.resume("SparkSubmit")).isFalse();
    assertThat(store.pauses()).isEmpty();
  }

  static TimeWindow day(int d) {
    Instant s = Instant.parse("2015-11-16T00:00:00Z").plus(Duration.ofDays(d));
    return new TimeWindow(s, s.plus(Duration.ofDays(1)));
  }
}
