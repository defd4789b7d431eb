package dev.adf.orchestrator.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.status.WindowSubstatus;
import dev.adf.orchestrator.store.Store.ActivityRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Store#windowCounts}, the progress line's query: H2 here, PostgreSQL in {@link
 * JdbcStoreCountsPostgresTest}.
 */
class JdbcStoreCountsTest extends StoreTestBase {
  static final ActivityRef HOURLY = new ActivityRef("P", "Hourly");
  static final ActivityRef OTHER = new ActivityRef("Q", "Other");

  @Override
  Database.Dialect dialect() {
    return Database.Dialect.H2;
  }

  @Test
  void anEmptyStoreCountsNothing() {
    WindowCounts c = store.windowCounts(T0);
    assertThat(c).isEqualTo(WindowCounts.NONE);
    assertThat(c.summary()).isEqualTo("none");
    assertThat(c.remaining()).isZero();
  }

  @Test
  void countsEveryStatusOverAllActivitiesAndTheWaitingWindowsThatCannotStartYet() {
    // 10 hourly windows of P from 2015-11-16T00Z, 3 of Q from 05Z; "now" is 2015-11-16T08:30Z, so
    // P's windows 08Z and 09Z have not ended: they are not due.
    store.deploy(List.of(), Map.of(HOURLY, JdbcStoreTest.hours("2015-11-16T00:00:00Z", 10),
        OTHER, JdbcStoreTest.hours("2015-11-16T05:00:00Z", 3)), "src", T0);
    Instant now = Instant.parse("2015-11-16T08:30:00Z");
    assertThat(store.windowCounts(now)).isEqualTo(new WindowCounts(Map.of(WindowStatus.Waiting, 13), 2));

    List<ActivityWindow> p = store.windows(new WindowQuery("P", "Hourly", null, null, null, false));
    List<ActivityWindow> q = store.windows(new WindowQuery("Q", "Other", null, null, null, false));
    move(p.get(0), WindowStatus.InProgress);
    move(p.get(1), WindowStatus.InProgress);
    move(store.window(p.get(1).key()).orElseThrow(), WindowStatus.Ready);
    move(p.get(2), WindowStatus.Skipped);
    move(p.get(3), WindowStatus.Failed);
    move(q.get(0), WindowStatus.InProgress);
    // Q is paused: its other two windows, though due, wait for a resume.
    assertThat(store.retag(List.of(
        new Store.Retag(q.get(1), WindowState.of(WindowSubstatus.ActivityResume), "paused"),
        new Store.Retag(q.get(2), WindowState.of(WindowSubstatus.ActivityResume), "paused")), T0)).isEqualTo(2);

    WindowCounts c = store.windowCounts(now);
    assertThat(c.byStatus()).containsExactlyInAnyOrderEntriesOf(Map.of(WindowStatus.InProgress, 2,
        WindowStatus.Ready, 1, WindowStatus.Skipped, 1, WindowStatus.Failed, 1, WindowStatus.Waiting, 8));
    assertThat(c.waitingLater()).as("P 08Z and 09Z not ended, Q 06Z and 07Z paused").isEqualTo(4);
    assertThat(c.total()).isEqualTo(13);
    assertThat(c.finished()).isEqualTo(3);
    assertThat(c.remaining()).as("2 InProgress and P's 04Z..07Z").isEqualTo(6);
    assertThat(c.summary()).isEqualTo("Failed=1, InProgress=2, Ready=1, Skipped=1, Waiting=8");

    // A window that ends exactly at now is due; the clock moving on makes the later ones due too.
    assertThat(store.windowCounts(Instant.parse("2015-11-16T09:00:00Z")).waitingLater()).isEqualTo(3);
    assertThat(store.windowCounts(Instant.parse("2015-11-17T00:00:00Z")).waitingLater()).isEqualTo(2);
  }

  private void move(ActivityWindow w, WindowStatus to) {
    assertThat(store.transition(w, WindowState.of(to), Store.WindowChange.keep(w), "test", T0)).isTrue();
  }
}
