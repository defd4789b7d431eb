package dev.adf.orchestrator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.status.WindowSubstatus;
import dev.adf.orchestrator.store.Store.ActivityRef;
import dev.adf.orchestrator.window.TimeWindow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JDBC store on a real H2 file database. */
class JdbcStoreTest extends StoreTestBase {
  static final ActivityRef REF = new ActivityRef("P", "A");

  static TimeWindow day(int d) {
    Instant s = Instant.parse("2015-11-16T00:00:00Z").plus(java.time.Duration.ofDays(d));
    return new TimeWindow(s, s.plus(java.time.Duration.ofDays(1)));
  }

  static StoredEntity entity(String kind, String name, String json) {
    try {
      String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      return new StoredEntity(kind, name, 0, name + ".json", json, sha);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void deployVersionsChangedEntitiesOnlyAndKeepsWindowHistory() {
    var first = store.deploy(List.of(entity("Pipeline", "P", "{\"v\":1}"), entity("Dataset", "D", "{}")),
        Map.of(REF, List.of(day(0), day(1))), "src", T0);
    assertThat(first.deployment()).isEqualTo(1);
    assertThat(first.windowsCreated()).isEqualTo(2);

    ActivityWindow w = store.windows(WindowQuery.ALL).get(0);
    assertThat(store.transition(w, WindowState.of(WindowStatus.InProgress), new Store.WindowChange(1, null, null),
        "started", T0)).isTrue();

    var same = store.deploy(List.of(entity("Pipeline", "P", "{\"v\":1}"), entity("Dataset", "D", "{}")),
        Map.of(REF, List.of(day(0), day(1))), "src", T0);
    assertThat(same.deployment()).isZero();

    var second = store.deploy(List.of(entity("Pipeline", "p", "{\"v\":2}")),
        Map.of(REF, List.of(day(0))), "src", T0);
    assertThat(second.deployment()).isEqualTo(2);
    assertThat(second.changed()).containsExactly("Pipeline p");
    assertThat(second.removed()).containsExactly("Dataset D");
    assertThat(second.windowsCreated()).isZero();
    assertThat(second.windowsDropped()).isEqualTo(1);
    assertThat(store.deployedEntities()).extracting(StoredEntity::version).containsExactly(2);
    List<ActivityWindow> left = store.windows(WindowQuery.ALL);
    assertThat(left).hasSize(1);
    assertThat(left.get(0).state().status()).isEqualTo(WindowStatus.InProgress);
  }

  @Test
  void transitionIsCompareAndSetOnTheRowVersion() {
    store.deploy(List.of(), Map.of(REF, List.of(day(0))), "src", T0);
    ActivityWindow read = store.windows(WindowQuery.ALL).get(0);
    assertThat(store.transition(read, WindowState.of(WindowStatus.InProgress),
        new Store.WindowChange(1, null, null), "a", T0)).isTrue();
    // A second claim from the same stale read loses.
    assertThat(store.transition(read, WindowState.of(WindowStatus.InProgress),
        new Store.WindowChange(1, null, null), "b", T0)).isFalse();
  }

  @Test
  void illegalTransitionThrowsNamingBothStates() {
    store.deploy(List.of(), Map.of(REF, List.of(day(0))), "src", T0);
    ActivityWindow w = store.windows(WindowQuery.ALL).get(0);
    assertThatThrownBy(() -> store.transition(w, WindowState.of(WindowStatus.Ready), Store.WindowChange.keep(w),
        "x", T0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("Waiting/ScheduledTime -> Ready");
  }

  @Test
  void attemptsAndLastRunAreRecorded() {
    store.deploy(List.of(), Map.of(REF, List.of(day(0), day(1))), "src", T0);
    ActivityWindow w = store.windows(new WindowQuery("p", "a", null, null, null, true)).get(1);
    assertThat(w.key().windowStart()).isEqualTo(day(0).start());
    assertThat(store.claim(w, T0)).get().extracting(ActivityWindow::attempts).isEqualTo(1);
    store.attemptJob(w.key(), 1, "job-1", "/logs/job-1");
    store.finishAttempt(w.key(), 1, AttemptStatus.Failed, "boom", T0.plusSeconds(5));
    ActivityWindow after = store.window(w.key()).orElseThrow();
    assertThat(after.lastRunStart()).isEqualTo(T0);
    assertThat(after.lastRunEnd()).isEqualTo(T0.plusSeconds(5));
    assertThat(store.attempts(w.key())).singleElement()
        .satisfies(a -> {
          assertThat(a.status()).isEqualTo(AttemptStatus.Failed);
          assertThat(a.error()).isEqualTo("boom");
          assertThat(a.engineJobId()).isEqualTo("job-1");
        });
    assertThat(store.windows(WindowQuery.ALL.withStatus(WindowStatus.InProgress))).hasSize(1);
    assertThat(store.windows(WindowQuery.ALL.withStatus(WindowStatus.Waiting)).get(0).state().substatus())
        .isEqualTo(WindowSubstatus.ScheduledTime);
  }

  @Test
  void externalSlicesKeepTheirChecksAndOnlyFailedOnesAreReset() {
    var waiting = new DatasetSlice("Ext", day(0), WindowState.of(WindowSubstatus.ValidationRetry), 1, 0, T0,
        T0.plusSeconds(60), "no data found");
    store.saveSlice(waiting, T0);
    assertThat(store.datasetSlice("EXT", day(0).start())).hasValueSatisfying(s -> {
      assertThat(s.slice()).isEqualTo(day(0));
      assertThat(s.state()).isEqualTo(waiting.state());
      assertThat(s.checks()).isEqualTo(1);
      assertThat(s.lastCheck()).isEqualTo(T0);
      assertThat(s.nextCheck()).isEqualTo(T0.plusSeconds(60));
      assertThat(s.message()).isEqualTo("no data found");
    });
    var failed = new DatasetSlice("Ext", day(0), WindowState.of(WindowSubstatus.TimedOut), 3, 3, T0, null, "timed out");
    store.saveSlice(failed, T0);
    store.saveSlice(new DatasetSlice("Ext", day(1), WindowState.of(WindowStatus.Ready), 1, 0, T0, null, "data found"), T0);
    assertThat(store.sliceStatus("Ext", day(0).start())).contains("Failed");
    assertThat(store.datasetSlice("Ext", day(0).start()).orElseThrow().state())
        .isEqualTo(WindowState.of(WindowSubstatus.TimedOut));

    assertThat(store.resetFailedSlices("ext", day(0).start(), day(1).end())).extracting(DatasetSlice::slice)
        .containsExactly(day(0));
    assertThat(store.datasetSlice("Ext", day(0).start())).isEmpty();
    assertThat(store.sliceStatus("Ext", day(1).start())).contains("Ready");
  }

  @Test
  void windowsInSelectsByStatusAndSubstatus() {
    store.deploy(List.of(entity("Pipeline", "P", "{}")), Map.of(REF, List.of(day(0), day(1))), "src", T0);
    ActivityWindow w = store.windows(WindowQuery.ALL).get(1);
    store.transition(w, WindowState.of(WindowSubstatus.Validation), Store.WindowChange.keep(w), "test", T0);
    assertThat(store.windowsIn(WindowState.of(WindowSubstatus.Validation))).extracting(ActivityWindow::key)
        .containsExactly(w.key());
    assertThat(store.windowsIn(WindowState.of(WindowSubstatus.ValidationRetry))).isEmpty();
  }
}
