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

  /**
   * {@code adf pause --terminate} when no scheduler runs on the home: the pipeline's InProgress
   * attempts are orphans (their embedded engine jobs ended with the process that ran them), so they end
   * Canceled at once and their windows Failed/Canceled, as a live cancel would leave them; {@code adf
   * rerun} runs them again. Call it only while holding the home's run lock.
   *
   * @param pipeline the pipeline's name as deployed (windows are matched exactly)
   * @return how many windows were canceled
   */
  public static int cancel(Store store, String pipeline, Instant now) {
    String reason = "canceled by adf pause --terminate while no scheduler ran; its engine job had ended";
    for (Attempt a : store.runningAttempts()) {
      if (a.key().pipeline().equals(pipeline)) {
        store.finishAttempt(a.key(), a.number(), AttemptStatus.Canceled, reason, now);
      }
    }
    int n = 0;
    for (ActivityWindow w : store.windows(new WindowQuery(pipeline, null, WindowStatus.InProgress, null, null, false))) {
      if (w.key().pipeline().equals(pipeline) && store.transition(w, WindowState.of(WindowSubstatus.Canceled),
          Store.WindowChange.keep(w), reason, now)) {
        LOG.info("{}: {}", w.key(), reason);
        n++;
      }
    }
    return n;
  }
}
