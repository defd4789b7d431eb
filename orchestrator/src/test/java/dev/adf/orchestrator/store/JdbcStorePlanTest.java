package dev.adf.orchestrator.store;

import static dev.adf.orchestrator.store.JdbcStoreTest.day;
import static dev.adf.orchestrator.store.JdbcStoreTest.entity;
import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.store.Store.ActivityRef;
import dev.adf.orchestrator.store.Store.WindowChanges;
import dev.adf.orchestrator.store.Store.WindowSpan;
import dev.adf.orchestrator.window.TimeWindow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Store#plan}: exactly the outcome of the deploy, and nothing stored. */
class JdbcStorePlanTest extends StoreTestBase {
  @Override
  Database.Dialect dialect() {
    return Database.Dialect.H2;
  }

  static final ActivityRef A = new ActivityRef("P", "A");
  static final ActivityRef B = new ActivityRef("P", "B");

  record Snapshot(List<String> versions, List<ActivityWindow> windows, List<Attempt> attempts) {}

  Snapshot snapshot() {
    List<ActivityWindow> windows = store.windows(WindowQuery.ALL);
    return new Snapshot(store.deployedVersions(), windows,
        windows.stream().flatMap(w -> store.attempts(w.key()).stream()).toList());
  }

  static List<TimeWindow> days(int from, int to) {
    return java.util.stream.IntStream.range(from, to).mapToObj(JdbcStoreTest::day).toList();
  }

  @Test
  void aPlanOnAnEmptyStoreIsTheFirstDeployAndStoresNothing() {
    List<StoredEntity> entities = List.of(entity("Pipeline", "P", "{\"v\":1}"), entity("Dataset", "D", "{}"));
    Map<ActivityRef, List<TimeWindow>> layout = Map.of(A, days(0, 3), B, List.of());

    Store.DeployOutcome plan = store.plan(entities, layout, "src", T0);
    assertThat(plan.deployment()).isEqualTo(1);
    assertThat(plan.added()).containsExactly("Pipeline P", "Dataset D");
    assertThat(plan.windows()).containsExactly(
        new WindowChanges(A, new WindowSpan(3, day(0).start(), day(2).start()), WindowSpan.NONE));
    assertThat(snapshot()).isEqualTo(new Snapshot(List.of(), List.of(), List.of()));
    // A second plan is the same: the first one left nothing behind, not even the deployment number.
    assertThat(store.plan(entities, layout, "src", T0)).isEqualTo(plan);

    assertThat(store.deploy(entities, layout, "src", T0)).isEqualTo(plan);
  }

  @Test
  void aPlanOfAChangedSetIsTheDeployThatFollowsItAndKeepsWindowsAndHistory() {
    store.deploy(List.of(entity("Pipeline", "P", "{\"v\":1}"), entity("Dataset", "D", "{}")),
        Map.of(A, days(0, 3), B, days(0, 2)), "src", T0);
    ActivityWindow first = store.windows(new WindowQuery("P", "A", null, null, null, false)).get(0);
    assertThat(store.claim(first, T0)).isPresent();
    Snapshot before = snapshot();

    // P changes: A moves one day later (drops day 0, creates day 3 and 4); B leaves; D is removed.
    List<StoredEntity> next = List.of(entity("Pipeline", "P", "{\"v\":2}"), entity("Dataset", "E", "{}"));
    Map<ActivityRef, List<TimeWindow>> layout = Map.of(A, days(1, 5));
    Store.DeployOutcome plan = store.plan(next, layout, "src", T0.plusSeconds(60));
    assertThat(plan.deployment()).isEqualTo(2);
    assertThat(plan.added()).containsExactly("Dataset E");
    assertThat(plan.changed()).containsExactly("Pipeline P");
    assertThat(plan.removed()).containsExactly("Dataset D");
    assertThat(plan.windows()).containsExactly(
        new WindowChanges(A, new WindowSpan(2, day(3).start(), day(4).start()),
            new WindowSpan(1, day(0).start(), day(0).start())),
        new WindowChanges(B, WindowSpan.NONE, new WindowSpan(2, day(0).start(), day(1).start())));
    assertThat(plan.windowsCreated()).isEqualTo(2);
    assertThat(plan.windowsDropped()).isEqualTo(3);
    assertThat(snapshot()).isEqualTo(before);
    assertThat(before.attempts()).hasSize(1);

    assertThat(store.deploy(next, layout, "src", T0.plusSeconds(60))).isEqualTo(plan);
    assertThat(snapshot()).isNotEqualTo(before);
  }

  @Test
  void aPlanWithoutEntityChangesStillShowsWindowChanges() {
    List<StoredEntity> same = List.of(entity("Pipeline", "P", "{}"));
    store.deploy(same, Map.of(A, days(0, 1)), "src", T0);
    ActivityWindow w = store.windows(WindowQuery.ALL).get(0);
    assertThat(store.transition(w, WindowState.of(WindowStatus.InProgress), new Store.WindowChange(1, null, null),
        "started", T0)).isTrue();

    Store.DeployOutcome plan = store.plan(same, Map.of(A, days(0, 2)), "src", T0);
    assertThat(plan.deployment()).isZero();
    assertThat(plan.windows()).containsExactly(
        new WindowChanges(A, new WindowSpan(1, day(1).start(), day(1).start()), WindowSpan.NONE));
    assertThat(store.windows(WindowQuery.ALL)).hasSize(1)
        .allSatisfy(x -> assertThat(x.state().status()).isEqualTo(WindowStatus.InProgress));
  }

  @Test
  void windowSpanJoinsCountsAndBounds() {
    WindowSpan s = WindowSpan.NONE.plus(day(2).start()).plus(day(0).start()).plus(WindowSpan.NONE);
    assertThat(s).isEqualTo(new WindowSpan(2, day(0).start(), day(2).start()));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new WindowSpan(0, day(0).start(), null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
