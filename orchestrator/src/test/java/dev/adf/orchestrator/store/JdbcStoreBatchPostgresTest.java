package dev.adf.orchestrator.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.orchestrator.status.WindowStatus;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link JdbcStoreBatchTest} on a fresh database of the tests' real PostgreSQL server. */
class JdbcStoreBatchPostgresTest extends JdbcStoreBatchTest {
  @Override
  Database.Dialect dialect() {
    return Database.Dialect.POSTGRESQL;
  }

  @Test
  void aPassClaimsTheOtherActivitiesWhileAnotherSchedulerHoldsOnesClaimRow() throws Exception {
    Map<Store.ActivityRef, List<ActivityWindow>> w = waiting(Map.of(REF, 3, OTHER, 3));
    Instant at = T0.plusSeconds(5);
    // Both claim rows exist after a first claim of each activity.
    assertThat(store.claimPass(List.of(new Store.Claim(REF, w.get(REF).subList(0, 1), 3),
        new Store.Claim(OTHER, w.get(OTHER).subList(0, 1), 3)), at)).allSatisfy(l -> assertThat(l).hasSize(1));

    // Another scheduler's claim transaction holds REF's claim row.
    try (Connection other = db.dataSource().getConnection()) {
      other.setAutoCommit(false);
      try (var ps = other.prepareStatement(
          "SELECT pipeline FROM activity_claim WHERE pipeline = ? AND activity = ? FOR UPDATE")) {
        ps.setString(1, REF.pipeline());
        ps.setString(2, REF.activity());
        try (var rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
        }
      }

      List<List<ActivityWindow>> claimed = store.claimPass(List.of(
          new Store.Claim(REF, w.get(REF).subList(1, 3), 3), new Store.Claim(OTHER, w.get(OTHER).subList(1, 3), 3)), at);

      assertThat(claimed.get(0)).isEmpty(); // passed over, not waited for
      assertThat(claimed.get(1)).extracting(ActivityWindow::key)
          .containsExactly(w.get(OTHER).get(1).key(), w.get(OTHER).get(2).key());
      other.rollback();
    }
    assertThat(store.windowsOf(REF, WindowStatus.InProgress, null, false, null, 10)).hasSize(1);
  }
}
