package dev.adf.orchestrator;

import dev.adf.orchestrator.store.Store.ActivityRef;
import dev.adf.orchestrator.window.TimeWindow;
import dev.adf.orchestrator.window.WindowRange;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far a deploy (or plan) has come in reconciling its window layout with the store, readable from
 * another thread while {@link Deployer} runs: a progress line polls {@link #done()} and {@link
 * #total()}. Counted as the store reads windows from the layout, which it writes a chunk (1,000
 * windows) at a time in the deploy's one transaction: {@link #done()} is at most one chunk ahead of the
 * rows written, and nothing is visible to other readers before the commit. A transaction that the
 * store runs again after a lost connection reads the layout again, and its count starts again.
 */
public final class LayoutProgress {
  private volatile long total = -1;
  private final Map<ActivityRef, AtomicLong> read = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Windows in the whole layout over all activities (existing windows it keeps included), or -1 before
   * the layout is known (the definitions are still being read and validated).
   */
  public long total() {
    return total;
  }

  /** Windows of the layout the store has read so far, 0 to {@link #total()}. */
  public long done() {
    long n = 0;
    for (AtomicLong a : read.values()) {
      n += a.get();
    }
    return n;
  }

  /** The layout, each activity's windows counted as they are iterated; sets {@link #total()}. */
  Map<ActivityRef, Iterable<TimeWindow>> watch(Map<ActivityRef, ? extends Iterable<TimeWindow>> layout) {
    Map<ActivityRef, Iterable<TimeWindow>> out = new LinkedHashMap<>();
    long sum = 0;
    for (var e : layout.entrySet()) {
      Iterable<TimeWindow> windows = e.getValue();
      sum += windows instanceof WindowRange r ? r.size()
          : windows instanceof Collection<?> c ? c.size() : 0;
      AtomicLong count = read.computeIfAbsent(e.getKey(), k -> new AtomicLong());
      out.put(e.getKey(), () -> {
        count.set(0); // a new pass over this activity's layout (a transaction run again)
        Iterator<TimeWindow> it = windows.iterator();
        return new Iterator<>() {
          @Override
          public boolean hasNext() {
            return it.hasNext();
          }

          @Override
          public TimeWindow next() {
            TimeWindow w = it.next();
            count.incrementAndGet();
            return w;
          }
        };
      });
    }
    total = sum;
    return out;
  }
}
