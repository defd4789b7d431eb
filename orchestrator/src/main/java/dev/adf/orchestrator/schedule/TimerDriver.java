package dev.adf.orchestrator.schedule;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires this process's scheduling passes from one thread: every {@code passInterval} after the previous
 * pass ended, and at once on {@link #triggerNow()} (requests made while a pass runs fold into one more
 * pass). Used on a shared store, where every scheduler runs its own passes and the claim protocol in
 * the database (leases, row versions, the activity claim lock) decides who runs what; a clustered
 * Quartz would fire the one pass job on one node at a time, which is the opposite of what several
 * schedulers are for (docs/ARCHITECTURE.md, "Several schedulers on one database").
 */
public final class TimerDriver implements PassDriver {
  private static final Logger LOG = LoggerFactory.getLogger(TimerDriver.class);

  private final ScheduledExecutorService timer;
  private final Duration passInterval;
  private final Runnable pass;
  private final AtomicBoolean requested = new AtomicBoolean();

  /**
   * @param passInterval time between the end of one pass and the start of the next
   * @param pass what each firing runs; an exception is logged and the next firing goes on
   */
  public TimerDriver(Duration passInterval, Runnable pass) {
    this.passInterval = passInterval;
    this.pass = pass;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "adf-pass");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public void start() {
    timer.scheduleWithFixedDelay(this::fire, 0, passInterval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void triggerNow() {
    if (requested.compareAndSet(false, true) && !timer.isShutdown()) {
      try {
        timer.execute(this::fire);
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        // shutting down: no more passes
      }
    }
  }

  private void fire() {
    requested.set(false);
    try {
      pass.run();
    } catch (RuntimeException e) {
      LOG.error("scheduling pass failed", e);
    }
  }

  @Override
  public void close() {
    timer.shutdown();
    try {
      if (!timer.awaitTermination(60, TimeUnit.SECONDS)) {
        timer.shutdownNow();
      }
    } catch (InterruptedException e) {
      timer.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
