package dev.adf.orchestrator.execution;

import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.status.WindowSubstatus;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.Attempt;
import dev.adf.orchestrator.store.AttemptStatus;
import dev.adf.orchestrator.store.Store;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repairs what an orchestrator that stopped without recording it (killed, power loss) left
 * InProgress. An attempt whose engine job was running is <b>resumed</b>: the same attempt runs again
 * with the same idempotency key, so the activity finds its engine job (which lives in its own
 * process and survives the orchestrator) and follows it to its end instead of starting a second one;
 * if the engine lost the job meanwhile, the attempt fails and the retry policy applies. An attempt
 * whose job the engine accepted but whose id the orchestrator did not record before it stopped (killed
 * between the two) is resumed the same way when the engine holds a job under the attempt's idempotency
 * key (the {@code submitted} test): otherwise a new attempt would start a second job for the window
 * while the first ran on, unfollowed. Any other
 * attempt left running ends Failed ("lost") and its window goes back to Waiting/Retry; such a lost
 * attempt is not the activity's failure, so it does not use up the window's retry policy. Call it
 * before the scheduler starts, with no attempt running.
 */
public final class OrphanRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(OrphanRecovery.class);

  private OrphanRecovery() {}

  /** Resumes one InProgress window's latest attempt; false when it cannot (its activity is gone). */
  @FunctionalInterface
  public interface Resumer {
    boolean resume(ActivityWindow window);
  }

  /** Without resuming anything: every attempt left running is lost. */
  public static int recover(Store store, Instant now) {
    return recover(store, now, w -> false);
  }

  /**
   * @param resumer resumes the InProgress windows whose latest attempt had submitted an engine job
   * @return how many windows were put back to Waiting (resumed ones are not counted)
   */
  public static int recover(Store store, Instant now, Resumer resumer) {
    return recover(store, now, resumer, k -> true, "the orchestrator stopped");
  }

  /**
   * As {@link #recover(Store, Instant, Resumer)}, for some windows only: on a shared store, those this
   * scheduler owns (it adopted them, or recording an attempt's end failed) and does not run.
   *
   * @param which the windows to recover
   * @param cause what happened, for the history ("scheduler #3 (host pid 42) stopped renewing its lease")
   * @return how many windows were put back to Waiting (resumed ones are not counted)
   */
  public static int recover(Store store, Instant now, Resumer resumer,
      java.util.function.Predicate<dev.adf.orchestrator.store.WindowKey> which, String cause) {
    return recover(store, now, resumer, a -> false, which, cause);
  }

  /**
   * As {@link #recover(Store, Instant, Resumer, java.util.function.Predicate, String)}, also resuming
   * attempts with no recorded engine job for which {@code submitted} says the engine holds one.
   *
   * @param submitted whether the engine holds a live job (not lost) under the attempt's idempotency key
   */
  public static int recover(Store store, Instant now, Resumer resumer,
      java.util.function.Predicate<Attempt> submitted,
      java.util.function.Predicate<dev.adf.orchestrator.store.WindowKey> which, String cause) {
    java.util.Set<dev.adf.orchestrator.store.WindowKey> resumed = new java.util.HashSet<>();
    for (Attempt a : store.runningAttempts()) {
      if (!which.test(a.key())) {
        continue;
      }
      ActivityWindow w = store.window(a.key()).orElse(null);
      boolean sameAttempt = w != null && w.state().status() == WindowStatus.InProgress && w.attempts() == a.number();
      if (sameAttempt && (a.engineJobId() != null || submitted.test(a)) && resumer.resume(w)) {
        LOG.info("{}: resuming attempt {}, whose engine job {} was submitted before the orchestrator stopped",
            a.key(), a.number(), a.engineJobId() != null ? a.engineJobId()
                : "(not recorded; found by its idempotency key " + a.idempotencyKey() + ")");
        resumed.add(a.key());
        continue;
      }
      store.finishAttempt(a.key(), a.number(), AttemptStatus.Failed,
          cause + " while attempt " + a.number() + " ran; its engine job is lost", now);
    }
    int n = 0;
    for (ActivityWindow w : store.activeWindows(null, null)) {
      if (resumed.contains(w.key()) || !which.test(w.key())) {
        continue;
      }
      String reason = cause + " while the window was InProgress; it will run again";
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
    for (ActivityWindow w : store.activeWindows(pipeline, null)) {
      if (w.key().pipeline().equals(pipeline) && store.transition(w, WindowState.of(WindowSubstatus.Canceled),
          Store.WindowChange.keep(w), reason, now)) {
        LOG.info("{}: {}", w.key(), reason);
        n++;
      }
    }
    return n;
  }
}
