package dev.adf.orchestrator.execution;

import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.status.WindowSubstatus;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.Attempt;
import dev.adf.orchestrator.store.AttemptStatus;
import dev.adf.orchestrator.store.Store;
import dev.adf.orchestrator.store.WindowQuery;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repairs what an orchestrator that stopped without recording it (killed, power loss) left
 * InProgress. With the embedded engine the jobs died with the process: each such attempt ends Failed
 * ("lost"), and its window goes back to Waiting/Retry. A lost attempt is not the activity's failure,
 * so it does not use up the window's retry policy. Call it before the scheduler starts, with no
 * attempt running.
 */
public final class OrphanRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(OrphanRecovery.class);

  private OrphanRecovery() {}

  /** @return how many windows were put back to Waiting */
  public static int recover(Store store, Instant now) {
    for (Attempt a : store.runningAttempts()) {
      store.finishAttempt(a.key(), a.number(), AttemptStatus.Failed,
          "the orchestrator stopped while attempt " + a.number() + " ran; its engine job is lost", now);
    }
    int n = 0;
    for (ActivityWindow w : store.windows(WindowQuery.ALL.withStatus(WindowStatus.InProgress))) {
      String reason = "the orchestrator stopped while the window was InProgress; it will run again";
      if (store.transition(w, WindowState.of(WindowSubstatus.Retry), new Store.WindowChange(w.attempts(), null,
          w.lastError()), reason, now)) {
        LOG.warn("{}: {}", w.key(), reason);
        n++;
      }
    }
    return n;
  }
}
