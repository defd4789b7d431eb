package dev.adf.orchestrator.actions;

import dev.adf.orchestrator.schedule.FactoryView.ScheduledActivity;
import dev.adf.orchestrator.schedule.SchedulingPass;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.status.WindowSubstatus;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.Store;
import java.time.Instant;
import java.util.List;

/**
 * {@code adf why}: one line saying what a window waits for, from the scheduling pass's own rules
 * ({@link SchedulingPass#explain}) and, when nothing else holds it, the activity's concurrency limit
 * and the windows holding its slots.
 */
public final class Why {
  private final Store store;
  private final WindowActions actions;
  private final SchedulingPass pass;

  public Why(Store store, WindowActions actions, SchedulingPass pass) {
    this.store = store;
    this.actions = actions;
    this.pass = pass;
  }

  /**
   * @throws ActionException NOT_FOUND for an unknown pipeline, activity or window
   */
  public String explain(String pipeline, String activity, Instant windowStart, Instant now) {
    ActivityWindow w = actions.select(Selection.window(pipeline, activity, windowStart)).get(0);
    String head = w.key() + " is " + w.state();
    if (w.state().status() != WindowStatus.Waiting) {
      return head + ": " + switch (w.state().status()) {
        case InProgress -> "attempt " + w.attempts() + " is running since " + w.lastRunStart();
        case Ready -> "it ran; adf rerun runs it again";
        case Failed -> "attempt " + w.attempts() + " failed" + (w.lastError() == null ? "" : ": " + w.lastError())
            + "; adf rerun runs it again";
        case Skipped -> "it will not run; adf rerun runs it";
        default -> "it waits for nothing; adf rerun schedules it";
      };
    }
    if (w.state().substatus() == WindowSubstatus.ComputeResources) {
      return head + ": attempt " + w.attempts() + " is submitted to the compute engine, which has no free"
          + " capacity for it yet (adf runs shows its engine job)";
    }
    var blocker = pass.explain(w, now);
    if (blocker.isPresent()) {
      var b = blocker.get();
      return b.skip()
          ? head + ": " + b.reason() + ", so the next pass marks it Skipped"
          : w.key() + " is Waiting/" + b.substatus().adfName() + ": " + b.reason();
    }
    ScheduledActivity a = actions.activity(pipeline, activity);
    int concurrency = a.activity().policy().concurrency();
    List<ActivityWindow> holders = store.activeWindows(a.pipeline().name(), a.activity().name());
    if (holders.size() >= concurrency) {
      return w.key() + " is Waiting/ConcurrencyLimit: concurrency " + concurrency + " of " + a.pipeline().name() + "/"
          + a.activity().name() + " is held by " + holders.stream().map(h -> h.key().windowStart().toString()).toList();
    }
    return head + ": nothing holds it; the next scheduling pass starts it (adf run), after any "
        + a.activity().policy().executionPriorityOrder() + " windows ahead of it";
  }
}
