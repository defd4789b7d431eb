package dev.adf.orchestrator.actions;

import dev.adf.orchestrator.schedule.FactoryView.ScheduledActivity;
import dev.adf.orchestrator.schedule.SchedulingPass;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.status.WindowSubstatus;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.Store;
import dev.adf.orchestrator.store.WindowKey;
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

  /** The longest blocking chain followed; a longer one ends with a step saying so. */
  public static final int MAX_CHAIN = 50;

  /**
   * One link of a blocking chain.
   *
   * @param window the window as read
   * @param line what it waits for, or why it is in its status (as {@code adf why} prints it)
   * @param upstream the window producing the input slice it waits for (the next link), or null when
   *     this window is the root cause
   */
  public record Step(ActivityWindow window, String line, WindowKey upstream) {}

  /**
   * {@code adf why}: one line.
   *
   * @throws ActionException NOT_FOUND for an unknown pipeline, activity or window
   */
  public String explain(String pipeline, String activity, Instant windowStart, Instant now) {
    return step(actions.select(Selection.window(pipeline, activity, windowStart)).get(0), now).line();
  }

  /**
   * The whole blocking chain of a window, beyond ADF's one level of "upstream slices that are not
   * ready": the window's own step, then the window producing the input slice it waits for and why
   * <em>that</em> one waits, and so on to the root cause (a window Failed, paused, not yet due, or
   * waiting for an external slice or the concurrency limit). At most {@link #MAX_CHAIN} steps; a
   * window met twice ends the chain.
   *
   * @throws ActionException NOT_FOUND for an unknown pipeline, activity or window
   */
  public List<Step> chain(String pipeline, String activity, Instant windowStart, Instant now) {
    List<Step> out = new java.util.ArrayList<>();
    java.util.Set<WindowKey> seen = new java.util.HashSet<>();
    ActivityWindow w = actions.select(Selection.window(pipeline, activity, windowStart)).get(0);
    while (w != null && out.size() < MAX_CHAIN && seen.add(w.key())) {
      Step step = step(w, now);
      out.add(step);
      w = step.upstream() == null ? null : store.window(step.upstream()).orElse(null);
    }
    return out;
  }

  /** Why one window is where it is, and the window it waits for, if any. */
  public Step step(ActivityWindow w, Instant now) {
    String head = w.key() + " is " + w.state();
    if (w.state().status() != WindowStatus.Waiting) {
      return new Step(w, head + ": " + switch (w.state().status()) {
        case InProgress -> "attempt " + w.attempts() + " is running since " + w.lastRunStart();
        case Ready -> "it ran; adf rerun runs it again";
        case Failed -> "attempt " + w.attempts() + " failed" + (w.lastError() == null ? "" : ": " + w.lastError())
            + "; adf rerun runs it again";
        case Skipped -> "it will not run; adf rerun runs it";
        default -> "it waits for nothing; adf rerun schedules it";
      }, null);
    }
    if (w.state().substatus() == WindowSubstatus.ComputeResources) {
      return new Step(w, head + ": attempt " + w.attempts() + " is submitted to the compute engine, which has no free"
          + " capacity for it yet (adf runs shows its engine job)", null);
    }
    var blocker = pass.explain(w, now);
    if (blocker.isPresent()) {
      var b = blocker.get();
      return new Step(w, b.skip()
          ? head + ": " + b.reason() + ", so the next pass marks it Skipped"
          : w.key() + " is Waiting/" + b.substatus().adfName() + ": " + b.reason(), b.upstream());
    }
    ScheduledActivity a = actions.activity(w.key().pipeline(), w.key().activity());
    int concurrency = a.activity().policy().concurrency();
    List<ActivityWindow> holders = store.activeWindows(a.pipeline().name(), a.activity().name());
    if (holders.size() >= concurrency) {
      return new Step(w, w.key() + " is Waiting/ConcurrencyLimit: concurrency " + concurrency + " of "
          + a.pipeline().name() + "/" + a.activity().name() + " is held by "
          + holders.stream().map(h -> h.key().windowStart().toString()).toList(), null);
    }
    return new Step(w, head + ": nothing holds it; the next scheduling pass starts it (adf run), after any "
        + a.activity().policy().executionPriorityOrder() + " windows ahead of it", null);
  }
}
