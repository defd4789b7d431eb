package dev.adf.orchestrator.bench;

import dev.adf.orchestrator.execution.AttemptEnds;
import dev.adf.orchestrator.schedule.AttemptLauncher;
import dev.adf.orchestrator.schedule.FactoryView;
import dev.adf.orchestrator.schedule.FactoryView.ScheduledActivity;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.AttemptStatus;
import dev.adf.orchestrator.store.Store;
import dev.adf.orchestrator.store.WindowKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The benchmark's {@code sync} launcher: an activity that does nothing and ends the moment it is
 * launched, on the pass's thread. Its ends are recorded with {@code execution.AttemptRunner}'s own end
 * code, {@link AttemptEnds} (the same store calls: one {@code finishAttempts} commit for the ends, each
 * the attempt's end with its window's move to Ready against the window as claimed), all the ends of a
 * pass together when the driver calls {@link #recordEnds()} after the pass: what AttemptRunner's group
 * commit does when every attempt of a claim batch ends at once. (The {@code async} mode runs the real
 * AttemptRunner instead.)
 */
final class NoOpLauncher implements AttemptLauncher {
  private final AttemptEnds ends;
  private final List<AttemptEnds.End> ended = new ArrayList<>();
  private final Set<WindowKey> running = new LinkedHashSet<>();
  private long recorded;

  NoOpLauncher(Store store, Clock clock) {
    this.ends = new AttemptEnds(store, clock);
  }

  @Override
  public void launch(ScheduledActivity activity, ActivityWindow window, FactoryView factory) {
    running.add(window.key());
    ended.add(new AttemptEnds.End(activity, window, window.attempts(), AttemptStatus.Succeeded, null, null, true,
        false, List.of()));
  }

  /** Records the ends of the attempts launched since the last call; returns how many. */
  int recordEnds() {
    int n = ended.size();
    if (n > 0) {
      ends.recordAll(List.copyOf(ended));
      ended.forEach(e -> running.remove(e.window().key()));
      ended.clear();
      recorded += n;
    }
    return n;
  }

  /** Attempts whose end was recorded so far. */
  long recorded() {
    return recorded;
  }

  @Override
  public void cancel(WindowKey key, AttemptStatus reason) {}

  @Override
  public Set<WindowKey> running() {
    return Set.copyOf(running);
  }
}
