package dev.adf.orchestrator.store;

import static dev.adf.orchestrator.store.JdbcStoreTest.entity;
import static dev.adf.orchestrator.store.JdbcStoreTest.hours;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adf.orchestrator.history.AuditEntry;
import dev.adf.orchestrator.history.RunHistory;
import dev.adf.orchestrator.history.WindowFilter;
import dev.adf.orchestrator.history.WindowFilter.Order;
import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.status.WindowSubstatus;
import dev.adf.orchestrator.store.Store.ActivityRef;
import dev.adf.orchestrator.store.Store.WindowChange;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The monitoring view's history queries on a real database (H2 here, PostgreSQL in {@link
 * JdbcRunHistoryPostgresTest}), over windows the store itself changed.
 */
class JdbcRunHistoryTest extends StoreTestBase {
  @Override
  Database.Dialect dialect() {
    return Database.Dialect.H2;
  }

  static final ActivityRef A = new ActivityRef("P", "A");
  static final ActivityRef B = new ActivityRef("P", "B");
  static final Instant H0 = Instant.parse("2015-11-16T00:00:00Z");
  RunHistory history;

  @BeforeEach
  void layout() {
    history = new JdbcRunHistory(db);
    store.deploy(List.of(entity("Pipeline", "P", "{\"secret\":\"v1\"}")),
        Map.of(A, hours("2015-11-16T00:00:00Z", 120), B, hours("2015-11-16T00:00:00Z", 24)), "src", T0);
  }

  ActivityWindow window(ActivityRef r, int hour) {
    return store.window(new WindowKey(r.pipeline(), r.activity(), H0.plusSeconds(3600L * hour))).orElseThrow();
  }

  /** Runs one attempt of the window to {@code end} (Ready or Failed), at {@code at}. */
  void ran(ActivityRef r, int hour, WindowStatus end, Instant at) {
    ActivityWindow running = store.claim(window(r, hour), at).orElseThrow();
    store.finishAttempt(running.key(), running.attempts(), end == WindowStatus.Ready ? AttemptStatus.Succeeded
        : AttemptStatus.Failed, end == WindowStatus.Ready ? null : "boom", at.plusSeconds(5));
    assertThat(store.transition(running, WindowState.of(end), WindowChange.keep(running), "ended", at.plusSeconds(5)))
        .isTrue();
  }

  static WindowFilter filter(String activity, Set<WindowStatus> statuses, Set<WindowSubstatus> subs, Order order,
      int offset, int limit) {
    return new WindowFilter(null, activity, statuses, subs, null, null, order, offset, limit);
  }

  @Test
  void pagesAreNewestFirstWithTheTotalAndFiltersTakeSeveralStatusesAndSubstatuses() {
    var first = history.windows(filter(null, Set.of(), Set.of(), Order.NEWEST, 0, 50));
    assertThat(first.total()).isEqualTo(144);
    assertThat(first.windows()).hasSize(50);
    assertThat(first.windows().get(0).key().windowStart()).isEqualTo(H0.plusSeconds(3600L * 119));
    assertThat(first.hasNext()).isTrue();
    var last = history.windows(filter(null, Set.of(), Set.of(), Order.NEWEST, 100, 50));
    assertThat(last.windows()).hasSize(44);
    assertThat(last.hasNext()).isFalse();
    assertThat(last.windows().get(43).key().windowStart()).isEqualTo(H0);

    ran(A, 1, WindowStatus.Ready, T0);
    ran(A, 2, WindowStatus.Failed, T0.plusSeconds(60));
    ran(B, 3, WindowStatus.Ready, T0.plusSeconds(120));
    var readyOrFailed = history.windows(filter(null, Set.of(WindowStatus.Ready, WindowStatus.Failed), Set.of(),
        Order.OLDEST, 0, 10));
    assertThat(readyOrFailed.windows()).extracting(w -> w.key().activity() + w.key().windowStart().toString())
        .containsExactly("A" + H0.plusSeconds(3600), "A" + H0.plusSeconds(7200), "B" + H0.plusSeconds(10800));
    var scheduled = history.windows(filter("a", Set.of(), Set.of(WindowSubstatus.ScheduledTime), Order.NEWEST, 0, 500));
    assertThat(scheduled.total()).isEqualTo(118);
    assertThat(scheduled.windows()).allSatisfy(w -> assertThat(w.key().activity()).isEqualTo("A"));

    // Recent: by the latest attempt's start, windows that never ran left out.
    var recent = history.windows(filter(null, Set.of(), Set.of(), Order.RECENT, 0, 10));
    assertThat(recent.windows()).extracting(w -> w.key().activity() + w.key().windowStart().toString())
        .containsExactly("B" + H0.plusSeconds(10800), "A" + H0.plusSeconds(7200), "A" + H0.plusSeconds(3600));
    assertThat(recent.windows().get(0).lastRunStart()).isEqualTo(T0.plusSeconds(120));
    assertThat(history.windows(filter(null, Set.of(), Set.of(), Order.RECENT, 1, 1)).total()).isEqualTo(3);
  }

  @Test
  void countsStripsEventsAndThePulseFollowTheStore() {
    var before = history.pulse();
    ran(A, 5, WindowStatus.Failed, T0);
    var after = history.pulse();
    assertThat(after.lastEvent()).isGreaterThan(before.lastEvent());
    assertThat(after.token()).isNotEqualTo(before.token());
    assertThat(after.active()).isZero();
    store.claim(window(A, 6), T0);
    assertThat(history.pulse().active()).isEqualTo(1);

    Map<WindowStatus, Integer> a = history.statusCounts().get(A);
    assertThat(a).containsEntry(WindowStatus.Failed, 1).containsEntry(WindowStatus.InProgress, 1)
        .containsEntry(WindowStatus.Waiting, 118);
    assertThat(history.statusCounts().get(B)).containsOnly(Map.entry(WindowStatus.Waiting, 24));

    // A strip: the windows intersecting [from, to), oldest first, the newest ones when capped.
    var strip = history.strip(A, H0.plusSeconds(3600L * 10), H0.plusSeconds(3600L * 20), 4);
    assertThat(strip).extracting(w -> w.key().windowStart())
        .containsExactly(H0.plusSeconds(3600L * 16), H0.plusSeconds(3600L * 17), H0.plusSeconds(3600L * 18),
            H0.plusSeconds(3600L * 19));

    var events = history.events(window(A, 5).key(), 10);
    assertThat(events).extracting(e -> e.to().toString()).containsExactly("InProgress", "Failed");
    assertThat(events.get(0).from()).isEqualTo(WindowState.of(WindowSubstatus.ScheduledTime));
    assertThat(events.get(1).reason()).isEqualTo("ended");
    assertThat(history.events(window(A, 5).key(), 1)).extracting(e -> e.to().toString()).containsExactly("Failed");
  }

  @Test
  void aWindowsHistoryPlacesEachAttemptsStartRecordedOnItsAttemptRowAmongItsEventsAtOneFrozenInstant() throws Exception {
    WindowKey key = window(A, 5).key();
    assertThat(store.retag(List.of(new Store.Retag(window(A, 5), WindowState.of(WindowSubstatus.DatasetDependencies),
        "input In slice not Ready")), T0)).isEqualTo(1);
    assertThat(store.retag(List.of(new Store.Retag(window(A, 5), WindowState.of(WindowSubstatus.ConcurrencyLimit),
        "concurrency 1 reached")), T0)).isEqualTo(1);
    ActivityWindow first = store.claim(window(A, 5), T0).orElseThrow();
    // another window's event in between: event ids are shared by every window
    store.retag(List.of(new Store.Retag(window(A, 6), WindowState.of(WindowSubstatus.DatasetDependencies), "x")), T0);
    store.finishAttempt(key, 1, AttemptStatus.Failed, "boom", T0);
    assertThat(store.transition(first, WindowState.of(WindowSubstatus.Retry), WindowChange.keep(first),
        "attempt 1 failed: boom; retry 1 of 1", T0)).isTrue();
    ActivityWindow second = store.claim(window(A, 5), T0).orElseThrow();
    store.finishAttempt(key, 2, AttemptStatus.Succeeded, null, T0);
    assertThat(store.transition(second, WindowState.of(WindowStatus.Ready), WindowChange.keep(second),
        "attempt 2 succeeded", T0)).isTrue();

    var events = history.events(key, 10);
    assertThat(events).extracting(e -> e.from() + " -> " + e.to() + ": " + e.reason()).containsExactly(
        "Waiting/ScheduledTime -> Waiting/DatasetDependencies: input In slice not Ready",
        "Waiting/ConcurrencyLimit -> InProgress: attempt 1 started",
        "InProgress -> Waiting/Retry: attempt 1 failed: boom; retry 1 of 1",
        "Waiting/Retry -> InProgress: attempt 2 started",
        "InProgress -> Ready: attempt 2 succeeded");
    assertThat(events).allSatisfy(e -> assertThat(e.at()).isEqualTo(T0));
    assertThat(history.events(key, 2)).extracting(e -> e.to().toString()).containsExactly("InProgress", "Ready");
    // What was written: an event row for each change but the claims and the move to Waiting/ConcurrencyLimit.
    assertThat(eventRows(key)).isEqualTo(3);
  }

  /** The window_event rows of window {@code key} of P/A. */
  private int eventRows(WindowKey key) throws Exception {
    try (var c = db.dataSource().getConnection(); var ps = c.prepareStatement(
        "SELECT COUNT(*) FROM window_event WHERE pipeline = 'P' AND activity = 'A' AND window_start = ?")) {
      ps.setObject(1, StoreSql.ts(key.windowStart()));
      try (var rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  @Test
  void aWindowsHistoryPlacesEachEndTheGroupCommitRecordedOnItsAttemptRowAndTheEndMovesThePulse() throws Exception {
    WindowKey key = window(A, 5).key();
    ActivityWindow first = store.claim(window(A, 5), T0).orElseThrow();
    // another window's event in between: event ids are shared by every window
    store.retag(List.of(new Store.Retag(window(A, 6), WindowState.of(WindowSubstatus.DatasetDependencies), "x")), T0);
    var beforeEnd = history.pulse();
    assertThat(store.finishAttempts(List.of(new Store.AttemptEnd(first, 1, AttemptStatus.Failed, "boom", null,
        WindowState.of(WindowSubstatus.Retry), WindowChange.keep(first), "attempt 1 failed: boom; retry 1 of 1")),
        T0.plusSeconds(5))).containsExactly(true);
    var afterEnd = history.pulse();
    assertThat(afterEnd.token()).isNotEqualTo(beforeEnd.token());
    assertThat(afterEnd.changes()).isGreaterThan(beforeEnd.changes());
    assertThat(afterEnd.lastEvent()).isEqualTo(beforeEnd.lastEvent()); // no event row: the counter moved
    ActivityWindow retry = store.window(key).orElseThrow();
    // a window_event row between the first end and the second start: a retag of the same window
    assertThat(store.retag(List.of(new Store.Retag(retry, WindowState.of(WindowSubstatus.DatasetDependencies),
        "input In slice not Ready")), T0.plusSeconds(6))).isEqualTo(1);
    ActivityWindow second = store.claim(store.window(key).orElseThrow(), T0.plusSeconds(7)).orElseThrow();
    assertThat(store.finishAttempts(List.of(new Store.AttemptEnd(second, 2, AttemptStatus.Succeeded, null, null,
        WindowState.of(WindowStatus.Ready), WindowChange.keep(second), "attempt 2 succeeded")),
        T0.plusSeconds(9))).containsExactly(true);

    assertThat(history.events(key, 10)).extracting(e -> e.from() + " -> " + e.to() + ": " + e.reason() + " @" + e.at())
        .containsExactly(
            "Waiting/ScheduledTime -> InProgress: attempt 1 started @" + T0,
            "InProgress -> Waiting/Retry: attempt 1 failed: boom; retry 1 of 1 @" + T0.plusSeconds(5),
            "Waiting/Retry -> Waiting/DatasetDependencies: input In slice not Ready @" + T0.plusSeconds(6),
            "Waiting/DatasetDependencies -> InProgress: attempt 2 started @" + T0.plusSeconds(7),
            "InProgress -> Ready: attempt 2 succeeded @" + T0.plusSeconds(9));
    assertThat(history.events(key, 2)).extracting(e -> e.to().toString()).containsExactly("InProgress", "Ready");
    assertThat(store.attempts(key)).extracting(a -> a.number() + ":" + a.status() + ":" + a.error())
        .containsExactly("1:Failed:boom", "2:Succeeded:null");
    // What was written: one event row for this window, the retag; the starts and ends are on the attempt rows.
    assertThat(eventRows(key)).isEqualTo(1);
  }

  @Test
  void deploymentsVersionsAndJsonAsDeployed() {
    store.deploy(List.of(entity("Pipeline", "P", "{\"secret\":\"v2\"}")), Map.of(A, hours("2015-11-16T00:00:00Z", 120),
        B, hours("2015-11-16T00:00:00Z", 24)), "src2", T0.plusSeconds(60));
    assertThat(history.deployments(10)).extracting(d -> d.id() + d.source()).containsExactly("2src2", "1src");
    var versions = history.versions("pipeline", "p");
    assertThat(versions).extracting(v -> v.version() + ":" + v.current()).containsExactly("2:true", "1:false");
    assertThat(history.json("Pipeline", "P", 1)).contains("{\"secret\":\"v1\"}");
    assertThat(history.json("Pipeline", "P", 3)).isEmpty();
    assertThat(history.versions(10)).hasSize(2);
  }

  @Test
  void theAuditLogIsAppendOnlyNewestFirstAndPaged() {
    for (int i = 0; i < 5; i++) {
      var e = history.record(new AuditEntry(0, T0.plusSeconds(i), "cli:me@host", "rerun", "P/A", "adf rerun " + i, i,
          "ok"));
      assertThat(e.id()).isPositive();
    }
    var page = history.audit(0, 3);
    assertThat(page).extracting(AuditEntry::command).containsExactly("adf rerun 4", "adf rerun 3", "adf rerun 2");
    assertThat(history.audit(page.get(2).id(), 3)).extracting(AuditEntry::command)
        .containsExactly("adf rerun 1", "adf rerun 0");
    assertThatThrownBy(() -> history.audit(0, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aFilterRefusesBadPagesAndRanges() {
    assertThatThrownBy(() -> filter(null, Set.of(), Set.of(), Order.NEWEST, -1, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset");
    assertThatThrownBy(() -> filter(null, Set.of(), Set.of(), Order.NEWEST, 0, WindowFilter.MAX_LIMIT + 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
    assertThatThrownBy(() -> new WindowFilter(null, null, Set.of(), Set.of(), H0, H0, Order.NEWEST, 0, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before");
  }
}
