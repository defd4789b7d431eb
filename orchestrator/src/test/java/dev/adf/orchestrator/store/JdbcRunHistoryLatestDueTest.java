package dev.adf.orchestrator.store;

import static dev.adf.orchestrator.store.JdbcStoreTest.day;
import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.orchestrator.history.RunHistory;
import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.status.WindowSubstatus;
import dev.adf.orchestrator.store.Store.ActivityRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link RunHistory#latestDueWindow}: the newest window whose due time has come, else the newest. */
class JdbcRunHistoryLatestDueTest extends StoreTestBase {
  @Override
  Database.Dialect dialect() {
    return Database.Dialect.H2;
  }

  static final ActivityRef REF = new ActivityRef("P", "A");
  RunHistory history;

  @BeforeEach
  void history() {
    history = new JdbcRunHistory(db);
  }

  private ActivityWindow at(int d) {
    return store.window(new WindowKey("P", "A", day(d).start())).orElseThrow();
  }

  private void change(int d, WindowState next) {
    ActivityWindow w = at(d);
    assertThat(store.transition(w, next, Store.WindowChange.keep(w), "test", T0)).isTrue();
  }

  @Test
  void noWindowsIsEmptyAndOnlyScheduledTimeWindowsGiveTheNewestOne() {
    assertThat(history.latestDueWindow(REF)).isEmpty();
    store.deploy(List.of(), Map.of(REF, List.of(day(0), day(1), day(2))), "src", T0);
    assertThat(history.latestDueWindow(REF)).map(ActivityWindow::window).contains(day(2));
    // Names match exactly, as deployed.
    assertThat(history.latestDueWindow(new ActivityRef("p", "a"))).isEmpty();
  }

  @Test
  void theNewestWindowPastItsScheduledTimeWinsOverNewerScheduledOnesWhateverItsStatus() {
    store.deploy(List.of(), Map.of(REF, List.of(day(0), day(1), day(2), day(3), day(4)),
        new ActivityRef("P", "Other"), List.of(day(9))), "src", T0);
    change(0, WindowState.of(WindowStatus.InProgress));
    change(0, WindowState.of(WindowStatus.Ready));
    change(1, WindowState.of(WindowStatus.InProgress));
    change(1, WindowState.of(WindowStatus.Failed));
    assertThat(history.latestDueWindow(REF)).map(w -> w.state().status()).contains(WindowStatus.Failed);

    // A window waiting on its inputs has left ScheduledTime: it is the newest due one.
    change(2, WindowState.of(WindowSubstatus.DatasetDependencies));
    ActivityWindow due = history.latestDueWindow(REF).orElseThrow();
    assertThat(due.window()).isEqualTo(day(2));
    assertThat(due.state()).isEqualTo(WindowState.of(WindowSubstatus.DatasetDependencies));

    change(3, WindowState.of(WindowStatus.InProgress));
    assertThat(history.latestDueWindow(REF)).map(ActivityWindow::window).contains(day(3));
  }
}
