package dev.adf.orchestrator.execution;

import dev.adf.orchestrator.definition.ActivityPolicy;
import dev.adf.orchestrator.schedule.FactoryView;
import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.status.WindowSubstatus;
import dev.adf.orchestrator.store.Attempt;
import dev.adf.orchestrator.store.AttemptStatus;
import dev.adf.orchestrator.store.Store;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends attempts left InProgress by an orchestrator that stopped without recording them (killed,
 * power loss). With the embedded engine their jobs died with the process, so each such attempt ends
 * Failed and its window is retried per policy, or Failed when no attempt is left.
 */
public final class OrphanRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(OrphanRecovery.class);

  private OrphanRecovery() {}

  /**
   * @return how many attempts were recovered
   */
  public static int recover(Store store, FactoryView view, Instant now) {
    int n = 0;
    for (Attempt a : store.runningAttempts()) {
      String error = "the orchestrator stopped while attempt " + a.number() + " ran; its engine job is lost";
      store.finishAttempt(a.key(), a.number(), AttemptStatus.Failed, error, now);
      n++;
      var w = store.window(a.key()).orElse(null);
      if (w == null || w.state().status() != WindowStatus.InProgress) {
        continue;
      }
      ActivityPolicy policy = view.activity(a.key().pipeline(), a.key().activity())
          .map(s -> s.activity().policy()).orElse(ActivityPolicy.DEFAULTS);
      WindowState next = w.attempts() < policy.maxAttempts()
          ? WindowState.of(WindowSubstatus.Retry) : WindowState.of(WindowStatus.Failed);
      store.transition(w, next, new Store.WindowChange(w.attempts(), null, error), error, now);
      LOG.warn("{}: {} -> {}", a.key(), error, next);
    }
    return n;
  }
}
