package dev.adf.orchestrator.store;

import static dev.adf.orchestrator.store.JdbcStoreTest.REF;
import static dev.adf.orchestrator.store.JdbcStoreTest.day;
import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.orchestrator.history.RunHistory;
import dev.adf.orchestrator.history.WindowFilter;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.testing.PostgresServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL store across a restart of the server (a failover, an upgrade): the pool's connections
 * all broke, and the next store call works on a new one, with everything committed before still there.
 */
class JdbcStoreRestartPostgresTest extends StoreTestBase {
  @Override
  Database.Dialect dialect() {
    return Database.Dialect.POSTGRESQL;
  }

  @Test
  void theFirstCallsAfterARestartOfTheServerWorkAndSeeWhatWasCommitted() {
    store.deploy(List.of(), Map.of(REF, List.of(day(0), day(1))), "src", T0);
    RunHistory history = new JdbcRunHistory(db);
    assertThat(history.pulse().lastEvent()).isZero();

    PostgresServer.shared().restart();

    // Every pooled connection is broken now: each of these calls is the first on one of them.
    ActivityWindow w = store.windows(WindowQuery.ALL).get(0);
    assertThat(store.claim(w, T0)).get().extracting(a -> a.state().status()).isEqualTo(WindowStatus.InProgress);
    assertThat(history.windows(WindowFilter.all()).total()).isEqualTo(2);

    PostgresServer.shared().restart();

    store.finishAttempt(w.key(), 1, AttemptStatus.Succeeded, null, null, T0.plusSeconds(1));
    assertThat(store.attempts(w.key())).singleElement()
        .satisfies(a -> assertThat(a.status()).isEqualTo(AttemptStatus.Succeeded));
  }
}
