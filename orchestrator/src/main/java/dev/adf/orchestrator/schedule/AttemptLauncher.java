package dev.adf.orchestrator.schedule;

import dev.adf.orchestrator.schedule.FactoryView.ScheduledActivity;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.AttemptStatus;
import dev.adf.orchestrator.store.WindowKey;
import java.util.Set;

/** Starts and stops attempts; implemented by the execution package. */
public interface AttemptLauncher {

  /**
   * Starts nothing: for a pass that only explains ({@code adf why}, the web view). Launching throws
   * IllegalStateException; cancel does nothing; nothing runs.
   */
  AttemptLauncher NONE = new AttemptLauncher() {
    @Override
    public void launch(ScheduledActivity a, ActivityWindow w, FactoryView f) {
      throw new IllegalStateException("this scheduling pass only explains; it starts nothing");
    }

    @Override
    public void cancel(WindowKey key, AttemptStatus reason) {}

    @Override
    public Set<WindowKey> running() {
      return Set.of();
    }
  };

  /**
   * Starts attempt {@code window.attempts()} of a window that was just claimed (InProgress); returns
   * at once, the attempt runs in the background and records its own end.
   */
  void launch(ScheduledActivity activity, ActivityWindow window, FactoryView factory);

  /**
   * Asks a running attempt to stop; it ends with {@code reason} once its engine job is confirmed
   * stopped. Does nothing when the attempt is not running here.
   *
   * @param reason {@link AttemptStatus#TimedOut} or {@link AttemptStatus#Canceled}
   */
  void cancel(WindowKey key, AttemptStatus reason);

  /** The windows with an attempt running in this process. */
  Set<WindowKey> running();

  /**
   * How many ready windows of {@code activity} beyond its free concurrency slots a pass should hand to
   * {@link #reserve}: 0 (the default) for a launcher that keeps none, and then the pass reads no more than
   * it starts.
   */
  default int reserveSize(ScheduledActivity activity) {
    return 0;
  }

  /**
   * Takes a pass's {@link ReadyReserve}, which replaces the one before; called at the end of every pass
   * when {@link #reserveSize} is positive for some activity. The default keeps nothing.
   */
  default void reserve(ReadyReserve reserve) {}
}
