package dev.adf.orchestrator.schedule;

import dev.adf.orchestrator.schedule.FactoryView.ScheduledActivity;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.Store;
import java.util.List;
import java.util.Map;

/**
 * The ready windows a scheduling pass found beyond its activities' free concurrency slots and did not
 * claim, handed to the launcher ({@link AttemptLauncher#reserve}): an attempt that ends may claim its
 * activity's next one in the transaction that records its end ({@link Store#finishAttemptsAndClaim}),
 * without a pass and without a commit of its own, as long as the store is still at {@link #mark} (nothing
 * since could have made them not ready). Each window is still claimed by its row-version compare-and-set,
 * under its activity's claim lock and concurrency, as a pass claims.
 *
 * @param view the deployed factory the pass read (the activities' policies, for the launch)
 * @param mark the store's mark read before the pass read any window
 * @param entries per activity: its reserve, in priority order (OldestFirst or NewestFirst)
 */
public record ReadyReserve(FactoryView view, Store.ReserveMark mark, Map<Store.ActivityRef, Entry> entries) {
  public ReadyReserve {
    entries = Map.copyOf(entries);
  }

  /**
   * One activity's reserve.
   *
   * @param activity the activity as deployed when the pass ran
   * @param windows ready Waiting windows the pass did not claim, in priority order, each as read
   */
  public record Entry(ScheduledActivity activity, List<ActivityWindow> windows) {
    public Entry {
      windows = List.copyOf(windows);
    }
  }
}
