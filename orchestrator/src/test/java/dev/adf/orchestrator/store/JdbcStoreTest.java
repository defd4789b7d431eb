package dev.adf.orchestrator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.adf.orchestrator.history.RunHistory;
import dev.adf.orchestrator.history.WindowFilter;
import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.status.WindowSubstatus;
import dev.adf.orchestrator.store.Store.ActivityRef;
import dev.adf.orchestrator.window.TimeWindow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The JDBC store on a real database: H2 here, PostgreSQL in {@link JdbcStorePostgresTest}. */
class JdbcStoreTest extends StoreTestBase {
  @Override
  Database.Dialect dialect() {
    return Database.Dialect.H2;
  }

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

  static List<TimeWindow> hours(String from, int n) {
    Instant s = Instant.parse(from);
    List<TimeWindow> out = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new TimeWindow(s.plusSeconds(3600L * i), s.plusSeconds(3600L * (i + 1))));
    }
    return out;
  }

  @Test
  void aRedeployAcrossManyChunksKeepsTheWindowsThatStillExistAndDropsExactlyTheOthers() {
    // 2,500 hourly windows span three reconciliation chunks.
    var first = store.deploy(List.of(), Map.of(REF, hours("2015-11-16T00:00:00Z", 2_500)), "src", T0);
    assertThat(first.windowsCreated()).isEqualTo(2_500);
    ActivityWindow kept = store.window(new WindowKey("P", "A", Instant.parse("2015-12-01T05:00:00Z"))).orElseThrow();
    assertThat(store.transition(kept, WindowState.of(WindowStatus.Skipped), Store.WindowChange.keep(kept), "x", T0))
        .isTrue();

    // The period moves 100 hours later and 200 hours longer: 100 dropped at the front, 300 new at the end.
    var second = store.deploy(List.of(), Map.of(REF, hours("2015-11-20T04:00:00Z", 2_700)), "src", T0);
    assertThat(second.windows()).singleElement().satisfies(c -> {
      assertThat(c.dropped()).isEqualTo(new Store.WindowSpan(100, Instant.parse("2015-11-16T00:00:00Z"),
          Instant.parse("2015-11-20T03:00:00Z")));
      assertThat(c.created()).isEqualTo(new Store.WindowSpan(300, Instant.parse("2016-02-28T04:00:00Z"),
          Instant.parse("2016-03-11T15:00:00Z")));
    });
    assertThat(store.window(kept.key()).orElseThrow().state().status()).isEqualTo(WindowStatus.Skipped);

    // The grid changes from hourly to 2-hourly on odd hours: every even-hour window is off the grid.
    List<TimeWindow> twoHourly = new java.util.ArrayList<>();
    Instant s = Instant.parse("2015-11-20T05:00:00Z");
    for (int i = 0; i < 1_000; i++) {
      twoHourly.add(new TimeWindow(s.plusSeconds(7200L * i), s.plusSeconds(7200L * (i + 1))));
    }
    var third = store.deploy(List.of(), Map.of(REF, twoHourly), "src", T0);
    assertThat(third.windowsCreated()).isEqualTo(1_000);
    assertThat(third.windowsDropped()).isEqualTo(2_700);
    assertThat(store.windows(WindowQuery.ALL)).extracting(w -> w.window()).isEqualTo(twoHourly);
    assertThat(store.latestWindowEnd(REF)).contains(twoHourly.get(999).end());
  }

  @Test
  void windowsOverlappingOrOutOfOrderAreRefusedAndNothingChanges() {
    store.deploy(List.of(), Map.of(REF, List.of(day(0))), "src", T0);
    assertThatThrownBy(() -> store.deploy(List.of(), Map.of(REF, List.of(day(2), day(1))), "src", T0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("oldest first");
    assertThat(store.windows(WindowQuery.ALL)).extracting(ActivityWindow::window).containsExactly(day(0));
  }

  @Test
  void windowsOfPagesOneActivitysWindowsInEitherOrderAndRetagChangesOnlyUnchangedWindows() {
    store.deploy(List.of(), Map.of(REF, List.of(day(0), day(1), day(2), day(3)),
        new ActivityRef("P", "Other"), List.of(day(0))), "src", T0);
    var oldest = store.windowsOf(REF, WindowStatus.Waiting, day(2).start(), false, null, 2);
    assertThat(oldest).extracting(ActivityWindow::window).containsExactly(day(0), day(1));
    assertThat(store.windowsOf(REF, WindowStatus.Waiting, day(2).start(), false, day(1).start(), 2))
        .extracting(ActivityWindow::window).containsExactly(day(2));
    assertThat(store.windowsOf(REF, WindowStatus.Waiting, null, true, null, 3))
        .extracting(ActivityWindow::window).containsExactly(day(3), day(2), day(1));
    assertThat(store.windowsOf(REF, WindowStatus.Ready, null, true, null, 3)).isEmpty();
    assertThat(store.windowsBetween(REF, day(1).start(), day(3).start()))
        .extracting(ActivityWindow::window).containsExactly(day(1), day(2));

    ActivityWindow a = oldest.get(0);
    ActivityWindow b = oldest.get(1);
    assertThat(store.transition(b, WindowState.of(WindowStatus.Skipped), Store.WindowChange.keep(b), "x", T0)).isTrue();
    int n = store.retag(List.of(
        new Store.Retag(a, WindowState.of(WindowSubstatus.ConcurrencyLimit), "concurrency 1 reached"),
        new Store.Retag(b, WindowState.of(WindowSubstatus.ConcurrencyLimit), "stale read")), T0);
    assertThat(n).isEqualTo(1);
    assertThat(store.window(a.key()).orElseThrow().state().substatus()).isEqualTo(WindowSubstatus.ConcurrencyLimit);
    assertThat(store.window(b.key()).orElseThrow().state().status()).isEqualTo(WindowStatus.Skipped);
  }

  @Test
  void aFullReviewShowsTheWindowsItFoundReadyBeyondTheSlotsAsConcurrencyLimitWithoutWritingThem() {
    store.deploy(List.of(), Map.of(REF, List.of(day(0), day(1), day(2), day(3))), "src", T0);
    Instant t1 = T0.plusSeconds(60);
    // The review found day 0 and day 1 due and ready (beyond the slots) and day 2 waiting for an input.
    ActivityWindow d2 = store.windowsOf(REF, WindowStatus.Waiting, null, false, day(1).start(), 1).get(0);
    assertThat(store.retag(List.of(new Store.Retag(d2, WindowState.of(WindowSubstatus.DatasetDependencies),
        "input D slice not Ready")), List.of(new Store.Review(REF, day(1).start())), t1)).isEqualTo(1);

    List<ActivityWindow> shown = store.windows(WindowQuery.ALL);
    assertThat(shown).extracting(w -> w.state().substatus()).containsExactly(WindowSubstatus.ConcurrencyLimit,
        WindowSubstatus.ConcurrencyLimit, WindowSubstatus.DatasetDependencies, WindowSubstatus.ScheduledTime);
    // Nothing was written to the two shown ConcurrencyLimit: their row versions are the layout's.
    assertThat(shown).extracting(ActivityWindow::rowVersion).containsExactly(0L, 0L, 1L, 0L);
    assertThat(store.windowsIn(WindowState.of(WindowSubstatus.ConcurrencyLimit))).extracting(ActivityWindow::window)
        .containsExactly(day(0), day(1));
    assertThat(store.windowsIn(WindowState.of(WindowSubstatus.ScheduledTime))).extracting(ActivityWindow::window)
        .containsExactly(day(3));
    RunHistory history = new JdbcRunHistory(db);
    assertThat(history.windows(new WindowFilter(null, null, Set.of(), Set.of(WindowSubstatus.ConcurrencyLimit),
        null, null, WindowFilter.Order.OLDEST, 0, 1))).satisfies(page -> {
          assertThat(page.windows()).extracting(ActivityWindow::window).containsExactly(day(0));
          assertThat(page.total()).isEqualTo(2);
        });
    assertThat(history.windows(new WindowFilter(null, null, Set.of(), Set.of(WindowSubstatus.ScheduledTime),
        null, null, WindowFilter.Order.OLDEST, 0, 10)).windows()).extracting(ActivityWindow::window)
        .containsExactly(day(3));
    // Day 3 shows ScheduledTime, so the latest window whose due time has come is day 2.
    assertThat(history.latestDueWindow(REF)).map(ActivityWindow::window).contains(day(2));

    // A window changed after the review (here sent back to ScheduledTime) shows what is stored.
    ActivityWindow d0 = shown.get(0);
    assertThat(store.retag(List.of(new Store.Retag(d0, WindowState.of(WindowSubstatus.ScheduledTime), "due later")),
        t1.plusSeconds(1))).isEqualTo(1);
    assertThat(store.window(d0.key()).orElseThrow().state().substatus()).isEqualTo(WindowSubstatus.ScheduledTime);
    // A later review that found nothing due replaces the first: nothing shows ConcurrencyLimit any more.
    store.retag(List.of(), List.of(new Store.Review(REF, null)), t1.plusSeconds(30));
    assertThat(store.windows(WindowQuery.ALL)).extracting(w -> w.state().substatus()).containsExactly(
        WindowSubstatus.ScheduledTime, WindowSubstatus.ScheduledTime, WindowSubstatus.DatasetDependencies,
        WindowSubstatus.ScheduledTime);
    // Another activity's review shows nothing of this one.
    store.retag(List.of(), List.of(new Store.Review(new ActivityRef("P", "Other"), day(3).start())), t1.plusSeconds(40));
    assertThat(store.windowsIn(WindowState.of(WindowSubstatus.ConcurrencyLimit))).isEmpty();
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

  @Test
  void namesMatchCaseInsensitivelyBeyondAsciiToo() {
    ActivityRef ref = new ActivityRef("ÉTÉ Ünload", "Ärger");
    store.deploy(List.of(), Map.of(ref, List.of(day(0))), "src", T0);
    assertThat(store.windows(new WindowQuery("été ünload", "ärger", null, null, null, false)))
        .extracting(w -> w.key().pipeline()).containsExactly("ÉTÉ Ünload");
    store.pause("ÉTÉ Ünload", false, T0);
    assertThat(store.resume("été ünload")).isTrue();
  }

  @Test
  void textsWithNulCharactersAreStoredWithoutThem() {
    store.deploy(List.of(), Map.of(REF, List.of(day(0))), "src", T0);
    ActivityWindow w = store.claim(store.windows(WindowQuery.ALL).get(0), T0).orElseThrow();
    store.finishAttempt(w.key(), 1, AttemptStatus.Failed, "binary\u0000output", "{\"x\":\"a\u0000b\"}", T0);
    Attempt a = store.attempts(w.key()).get(0);
    assertThat(a.error()).isEqualTo("binary\uFFFDoutput");
    assertThat(a.output()).isEqualTo("{\"x\":\"a\uFFFDb\"}");
    store.saveSlice(new DatasetSlice("Ext", day(0), WindowState.of(WindowStatus.Ready), 1, 0, T0, null, "a\u0000"), T0);
    assertThat(store.datasetSlice("Ext", day(0).start()).orElseThrow().message()).isEqualTo("a\uFFFD");
  }

  @Test
  void concurrentPausesAndSliceSavesOfOneKeyAllSucceedAndTheLastOneStays() throws Exception {
    int n = 8;
    var pool = java.util.concurrent.Executors.newFixedThreadPool(n);
    try {
      var start = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int i = 0; i < n; i++) {
        int k = i;
        done.add(pool.submit(() -> {
          start.await();
          for (int j = 0; j < 20; j++) {
            store.pause("P", k % 2 == 0, T0.plusSeconds(j));
            store.saveSlice(new DatasetSlice("Ext", day(0), WindowState.of(WindowSubstatus.ValidationRetry), j, 0,
                T0, null, "thread " + k), T0);
          }
          return null;
        }));
      }
      start.countDown();
      for (var f : done) {
        f.get(60, java.util.concurrent.TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(store.pauses()).singleElement().satisfies(p -> assertThat(p.pipeline()).isEqualTo("P"));
    assertThat(store.datasetSlice("Ext", day(0).start()).orElseThrow().checks()).isEqualTo(19);
  }

  @Test
  void longTextsAreCutToTheirColumns() {
    store.deploy(List.of(), Map.of(REF, List.of(day(0))), "src".repeat(2000), T0);
    ActivityWindow w = store.claim(store.windows(WindowQuery.ALL).get(0), T0).orElseThrow();
    String longError = "é".repeat(5000);
    store.finishAttempt(w.key(), 1, AttemptStatus.Failed, longError, null, T0);
    assertThat(store.attempts(w.key()).get(0).error()).hasSize(4000).endsWith("...");
  }
}
