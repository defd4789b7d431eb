package dev.adf.orchestrator.bench;

import dev.adf.orchestrator.schedule.AttemptLauncher;
import dev.adf.orchestrator.schedule.FactoryView;
import dev.adf.orchestrator.schedule.FactoryView.ScheduledActivity;
import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.AttemptStatus;
import dev.adf.orchestrator.store.Store;
import dev.adf.orchestrator.store.WindowKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An attempt launcher whose activity does nothing: each launched attempt is recorded Succeeded and
 * its window Ready through the {@link Store}, with the very calls {@code execution.AttemptRunner}
 * makes when an activity succeeds (read the attempt's row for its run id, re-read the window, then
 * {@code finishAttempt} with the window's move to Ready in one transaction, clearing notBefore and
 * lastError). With an executor the attempts end on its threads, as AttemptRunner's do; without one
 * they end inside {@link #launch}, on the pass's thread.
 */
final class NoOpLauncher implements AttemptLauncher, AutoCloseable {
  private final Store store;
  private final Clock clock;
  private final ExecutorService executor;
  private final Set<WindowKey> running = ConcurrentHashMap.newKeySet();
  private final AtomicLong succeeded = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final Object finishedSignal = new Object();

  /** @param executor where attempts end, or null for synchronously inside {@link #launch} */
  NoOpLauncher(Store store, Clock clock, ExecutorService executor) {
    this.store = store;
    this.clock = clock;
    this.executor = executor;
  }

  @Override
  public void launch(ScheduledActivity activity, ActivityWindow window, FactoryView factory) {
    if (executor == null) {
      finish(window.key(), window.attempts());
    } else {
      running.add(window.key());
      executor.execute(() -> finish(window.key(), window.attempts()));
    }
  }

  private void finish(WindowKey key, int number) {
    try {
      if (store.attempts(key).stream().noneMatch(a -> a.number() == number)) {
        throw new IllegalStateException(key + " has no attempt " + number);
      }
      Instant now = clock.instant();
      ActivityWindow w = store.window(key).orElse(null);
      if (w == null || w.state().status() != WindowStatus.InProgress || w.attempts() != number
          || !store.finishAttempt(key, number, AttemptStatus.Succeeded, null, null, now, w,
              WindowState.of(WindowStatus.Ready), new Store.WindowChange(w.attempts(), null, null),
              "attempt " + number + " " + AttemptStatus.Succeeded)) {
        failed.incrementAndGet();
      } else {
        succeeded.incrementAndGet();
      }
    } catch (RuntimeException e) {
      failed.incrementAndGet();
      throw e;
    } finally {
      running.remove(key);
      synchronized (finishedSignal) {
        finishedSignal.notifyAll();
      }
    }
  }

  /** Waits (at most {@code maxMillis}) for an attempt to end if none ended since {@code seen} were counted. */
  void awaitFinishedBeyond(long seen, long maxMillis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
    synchronized (finishedSignal) {
      while (succeeded.get() + failed.get() <= seen && !running.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        TimeUnit.NANOSECONDS.timedWait(finishedSignal, left);
      }
    }
  }

  long succeeded() {
    return succeeded.get();
  }

  long ended() {
    return succeeded.get() + failed.get();
  }

  long failed() {
    return failed.get();
  }

  @Override
  public void cancel(WindowKey key, AttemptStatus reason) {}

  @Override
  public Set<WindowKey> running() {
    return Set.copyOf(running);
  }

  @Override
  public void close() throws InterruptedException {
    if (executor != null) {
      executor.shutdown();
      executor.awaitTermination(30, TimeUnit.SECONDS);
    }
  }
}
