package dev.adf.orchestrator.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.status.WindowSubstatus;
import dev.adf.orchestrator.store.Store.ActivityRef;
import dev.adf.orchestrator.window.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scheduling pass's batched store calls (issue 15): {@code claimAll} as JDBC batches returning the
 * claimed windows as written, and {@code finishAttempts}, the ends of several attempts in one
 * transaction, each against the window as claimed. H2 here, PostgreSQL in the subclass.
 */
class JdbcStoreBatchTest extends StoreTestBase {
  static final ActivityRef REF = new ActivityRef("P", "A");
  static final ActivityRef OTHER = new ActivityRef("P", "B");

  @Override
  Database.Dialect dialect() {
    return Database.Dialect.H2;
  }

  private List<ActivityWindow> waiting(int n) {
    return waiting(Map.of(REF, n)).get(REF);
  }

  /** Deploys {@code n} hourly windows from T0 for each activity; returns each one's Waiting windows, oldest first. */
  Map<ActivityRef, List<ActivityWindow>> waiting(Map<ActivityRef, Integer> n) {
    Map<ActivityRef, List<TimeWindow>> layout = new java.util.HashMap<>();
    n.forEach((ref, count) -> {
      List<TimeWindow> ws = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        ws.add(new TimeWindow(T0.plus(Duration.ofHours(i)), T0.plus(Duration.ofHours(i + 1))));
      }
      layout.put(ref, ws);
    });
    store.deploy(List.of(), layout, "src", T0);
    Map<ActivityRef, List<ActivityWindow>> out = new java.util.HashMap<>();
    n.forEach((ref, count) -> out.put(ref, store.windowsOf(ref, WindowStatus.Waiting, null, false, null, count)));
    return out;
  }

  @Test
  void aPassClaimsEveryActivityInOneCallEachUpToItsOwnConcurrency() {
    Map<ActivityRef, List<ActivityWindow>> w = waiting(Map.of(REF, 5, OTHER, 5));
    Instant at = T0.plusSeconds(5);
    // REF has one window active already; OTHER's active windows never count against REF.
    assertThat(store.claimAll(REF, w.get(REF).subList(0, 1), 3, at)).hasSize(1);

    List<List<ActivityWindow>> claimed = store.claimPass(List.of(
        new Store.Claim(REF, w.get(REF).subList(1, 5), 3),
        new Store.Claim(OTHER, w.get(OTHER), 4)), at);

    assertThat(claimed).hasSize(2);
    assertThat(claimed.get(0)).extracting(ActivityWindow::key)
        .containsExactly(w.get(REF).get(1).key(), w.get(REF).get(2).key());
    assertThat(claimed.get(1)).extracting(ActivityWindow::key)
        .containsExactly(w.get(OTHER).subList(0, 4).stream().map(ActivityWindow::key).toArray(WindowKey[]::new));
    for (List<ActivityWindow> each : claimed) {
      for (ActivityWindow c : each) {
        assertThat(c).isEqualTo(store.window(c.key()).orElseThrow());
      }
    }
    assertThat(store.windowsOf(REF, WindowStatus.InProgress, null, false, null, 10)).hasSize(3);
    assertThat(store.windowsOf(OTHER, WindowStatus.InProgress, null, false, null, 10)).hasSize(4);
    // A pass with nothing to claim writes nothing and answers one empty list per claim.
    assertThat(store.claimPass(List.of(new Store.Claim(REF, List.of(), 3), new Store.Claim(OTHER, List.of(), 4)), at))
        .containsExactly(List.of(), List.of());
  }

  @Test
  void aClaimBatchReturnsEachWindowAsWrittenWithItsRunIdUpToTheConcurrency() {
    List<ActivityWindow> candidates = waiting(6);
    Instant at = T0.plusSeconds(5);
    // One window changed since it was read: the batch passes it over and takes the next one instead.
    ActivityWindow changed = candidates.get(1);
    assertThat(store.transition(changed, WindowState.of(WindowSubstatus.ConcurrencyLimit),
        Store.WindowChange.keep(changed), "test", at)).isTrue();

    List<ActivityWindow> claimed = store.claimAll(REF, candidates, 3, at);

    assertThat(claimed).extracting(w -> w.key().windowStart())
        .containsExactly(candidates.get(0).key().windowStart(), candidates.get(2).key().windowStart(),
            candidates.get(3).key().windowStart());
    for (ActivityWindow w : claimed) {
      ActivityWindow stored = store.window(w.key()).orElseThrow();
      assertThat(w).isEqualTo(stored); // built in memory, equal to a fresh read (run id included)
      assertThat(w.state()).isEqualTo(WindowState.of(WindowStatus.InProgress));
      assertThat(w.attempts()).isEqualTo(1);
      assertThat(w.lastRunStart()).isEqualTo(at);
      assertThat(w.lastRunId()).isEqualTo(store.attempts(w.key()).get(0).runId()).isNotNull();
    }
    // The concurrency is counted under the claim lock: nothing more while three are active.
    assertThat(store.claimAll(REF, store.windowsOf(REF, WindowStatus.Waiting, null, false, null, 10), 3, at))
        .isEmpty();
  }

  @Test
  void endsCommitTogetherAndAnEndWhoseWindowChangedWritesNothing() {
    Instant at = T0.plusSeconds(5);
    List<ActivityWindow> claimed = store.claimAll(REF, waiting(3), 3, at);
    // The second window moved since its claim (its engine job was queued): its row version went up.
    ActivityWindow queued = claimed.get(1);
    assertThat(store.transition(queued, WindowState.of(WindowSubstatus.ComputeResources),
        Store.WindowChange.keep(queued), "queued", at)).isTrue();

    Instant end = at.plusSeconds(1);
    List<Store.AttemptEnd> ends = new ArrayList<>();
    for (ActivityWindow w : claimed) {
      ends.add(new Store.AttemptEnd(w, 1, AttemptStatus.Succeeded, null, "{\"n\":1}",
          WindowState.of(WindowStatus.Ready), new Store.WindowChange(1, null, null), "attempt 1 Succeeded"));
    }
    boolean[] recorded = store.finishAttempts(ends, end);

    assertThat(recorded).containsExactly(true, false, true);
    for (int i : new int[] {0, 2}) {
      WindowKey key = claimed.get(i).key();
      assertThat(store.window(key).orElseThrow().state()).isEqualTo(WindowState.of(WindowStatus.Ready));
      Attempt a = store.attempts(key).get(0);
      assertThat(a.status()).isEqualTo(AttemptStatus.Succeeded);
      assertThat(a.end()).isEqualTo(end);
      assertThat(a.output()).isEqualTo("{\"n\":1}");
    }
    // Nothing of the stale end was written: its attempt still runs, its window is as moved.
    assertThat(store.attempts(queued.key()).get(0).status()).isEqualTo(AttemptStatus.InProgress);
    assertThat(store.window(queued.key()).orElseThrow().state())
        .isEqualTo(WindowState.of(WindowSubstatus.ComputeResources));
  }

  @Test
  void aScheduledStoreEndsOnlyWhatItStillOwns() {
    SchedulerNodes nodes = new SchedulerNodes(db.dataSource(), db.dialect());
    long mine = nodes.register("h", 1, "e1", Duration.ofMinutes(5)).id();
    long other = nodes.register("h", 2, "e2", Duration.ofMinutes(5)).id();
    Store scheduler = store.forNode(mine);
    Instant at = T0.plusSeconds(5);
    List<ActivityWindow> claimed = scheduler.claimAll(REF, waiting(2), 2, at);
    assertThat(claimed).hasSize(2);
    // Another scheduler adopts this one's windows (as after a lost lease).
    assertThat(nodes.adopt(mine, other, false)).isPresent();

    boolean[] recorded = scheduler.finishAttempts(List.of(new Store.AttemptEnd(claimed.get(0), 1,
        AttemptStatus.Succeeded, null, null, WindowState.of(WindowStatus.Ready), new Store.WindowChange(1, null, null),
        "attempt 1 Succeeded")), at.plusSeconds(1));

    assertThat(recorded).containsExactly(false);
    assertThat(store.window(claimed.get(0).key()).orElseThrow().state().status()).isEqualTo(WindowStatus.InProgress);
  }

  /** The end of {@code w}'s first attempt, Succeeded: the window moves to Ready. */
  private static Store.AttemptEnd succeeded(ActivityWindow w) {
    return new Store.AttemptEnd(w, 1, AttemptStatus.Succeeded, null, null, WindowState.of(WindowStatus.Ready),
        new Store.WindowChange(1, null, null), "attempt 1 Succeeded");
  }

  @Test
  void anEndClaimsItsActivitysNextWindowsInItsOwnCommitUpToTheConcurrencyWhileTheStoreIsAtTheMark() {
    List<ActivityWindow> w = waiting(5);
    Instant at = T0.plusSeconds(5);
    Store.ReserveMark mark = store.reserveMark();
    List<ActivityWindow> running = store.claimAll(REF, w.subList(0, 2), 2, at);
    assertThat(running).hasSize(2);
    // Claims and group ends write no event: the mark holds.
    assertThat(store.reserveMark()).isEqualTo(mark);

    Instant end = at.plusSeconds(1);
    Store.EndsAndClaims done = store.finishAttemptsAndClaim(List.of(succeeded(running.get(0))),
        List.of(new Store.Claim(REF, w.subList(2, 5), 2)), mark, end);

    assertThat(done.recorded()).containsExactly(true);
    assertThat(done.markHeld()).isTrue();
    // One place was freed (the other attempt still runs): one window claimed, the next in order.
    assertThat(done.claimed()).hasSize(1);
    assertThat(done.claimed().get(0)).extracting(ActivityWindow::key).containsExactly(w.get(2).key());
    ActivityWindow claimed = done.claimed().get(0).get(0);
    assertThat(claimed).isEqualTo(store.window(claimed.key()).orElseThrow());
    assertThat(claimed.lastRunStart()).isEqualTo(end);
    assertThat(store.attempts(claimed.key())).singleElement()
        .satisfies(a -> assertThat(a.status()).isEqualTo(AttemptStatus.InProgress));
    assertThat(store.window(running.get(0).key()).orElseThrow().state()).isEqualTo(WindowState.of(WindowStatus.Ready));
    assertThat(store.windowsOf(REF, WindowStatus.InProgress, null, false, null, 10)).hasSize(2);
    assertThat(store.windowsOf(REF, WindowStatus.Waiting, null, false, null, 10))
        .extracting(ActivityWindow::key).containsExactly(w.get(3).key(), w.get(4).key());
  }

  @Test
  void anEndClaimsNothingOnceAPauseOrAnEventOrADeployMovedTheMark() {
    List<ActivityWindow> w = waiting(6);
    Instant at = T0.plusSeconds(5);
    List<ActivityWindow> running = store.claimAll(REF, w.subList(0, 3), 3, at);
    List<Runnable> moves = List.of(
        () -> store.pause("p", false, at), // adf pause (the name is matched without case)
        () -> assertThat(store.transition(w.get(5), WindowState.of(WindowStatus.Skipped),
            Store.WindowChange.keep(w.get(5)), "skipped by a test", at)).isTrue(),
        () -> {
          // A deploy that changes an entity, the windows as they are.
          Map<ActivityRef, List<TimeWindow>> same = Map.of(REF, w.stream()
              .map(x -> new TimeWindow(x.key().windowStart(), x.windowEnd())).toList());
          store.deploy(List.of(new StoredEntity("Pipeline", "P", 0, "p.json", "{\"name\":\"P\"}", "0".repeat(64))),
              same, "src2", at);
        });
    for (int i = 0; i < moves.size(); i++) {
      Store.ReserveMark mark = store.reserveMark();
      moves.get(i).run();
      assertThat(store.reserveMark()).isNotEqualTo(mark);

      Store.EndsAndClaims done = store.finishAttemptsAndClaim(List.of(succeeded(running.get(i))),
          List.of(new Store.Claim(REF, List.of(w.get(3), w.get(4)), 3)), mark, at.plusSeconds(1));

      assertThat(done.recorded()).containsExactly(true); // the end is recorded all the same
      assertThat(done.markHeld()).isFalse();
      assertThat(done.claimed()).containsExactly(List.of());
      assertThat(store.window(running.get(i).key()).orElseThrow().state().status()).isEqualTo(WindowStatus.Ready);
      assertThat(store.window(w.get(3).key()).orElseThrow().state().status()).isEqualTo(WindowStatus.Waiting);
    }
  }
}
