package dev.adf.orchestrator.execution;

import dev.adf.orchestrator.store.StoreException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Store calls a scheduler must not give up on after one failure (recording an attempt's job or end,
 * registering at start, taking over what an earlier scheduler on the home left): a call that fails with
 * a {@link StoreException} (the database restarting, a lost connection, a commit whose outcome was lost)
 * is made again, up to {@value #TRIES} times in all, {@value #PAUSE_MILLIS} ms apart (about 10 s). Only
 * for calls that may run twice: each is idempotent or a compare-and-set.
 */
public final class StoreRetries {
  private static final Logger LOG = LoggerFactory.getLogger(StoreRetries.class);

  /** Tries in all. */
  public static final int TRIES = 41;

  /** Pause between two tries, ms. */
  public static final long PAUSE_MILLIS = 250;

  private StoreRetries() {}

  /**
   * Runs {@code call}, again while it throws a {@link StoreException}.
   *
   * @param what what the call does, for the warning ("registering the scheduler")
   * @throws StoreException the last failure, after {@value #TRIES} tries
   */
  public static <T> T call(String what, Supplier<T> call) {
    for (int i = 1; ; i++) {
      try {
        return call.get();
      } catch (StoreException e) {
        if (i >= TRIES) {
          throw e;
        }
        LOG.warn("{} failed ({}); trying again in {} ms", what, e.getMessage(), PAUSE_MILLIS);
        LockSupport.parkNanos(PAUSE_MILLIS * 1_000_000L);
      }
    }
  }

  /** As {@link #call(String, Supplier)} for a call without result. */
  public static void run(String what, Runnable call) {
    call(what, () -> {
      call.run();
      return null;
    });
  }
}
