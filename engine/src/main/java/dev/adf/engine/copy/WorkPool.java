package dev.adf.engine.copy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A fixed set of worker threads draining one bounded queue of units of work. Each worker owns a
 * state object (e.g. its buffer) for its whole life. The first failure stops everything: later
 * units are skipped and {@link #submit}/{@link #finish} rethrow it. A stop request is checked before
 * every unit. {@link #close} interrupts and joins the workers, so none outlive the pool.
 *
 * @param <W> the per-worker state
 */
public final class WorkPool<W> implements AutoCloseable {

  /** One unit of work, run by a worker with its own state. */
  public interface Unit<W> {
    void run(W state) throws Exception;
  }

  private static final Unit<Object> END = s -> {};
  private static final long JOIN_MILLIS = 10_000;

  private final BlockingQueue<Unit<W>> queue;
  private final List<Thread> workers = new ArrayList<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final BooleanSupplier stopRequested;

  public WorkPool(String name, int threads, int queueCapacity, BooleanSupplier stopRequested, Supplier<W> state) {
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.stopRequested = stopRequested;
    for (int i = 0; i < threads; i++) {
      Thread t = new Thread(() -> work(state.get()), name + "-" + i);
      t.setDaemon(true);
      workers.add(t);
      t.start();
    }
  }

  /**
   * Queues a unit, waiting while the queue is full.
   *
   * @throws IOException the first failure of any unit so far
   * @throws InterruptedException when the caller is interrupted or a stop was requested
   */
  public void submit(Unit<W> unit) throws IOException, InterruptedException {
    while (true) {
      rethrow();
      if (stopRequested.getAsBoolean()) {
        throw new InterruptedException("copy stopped on request");
      }
      if (queue.offer(unit, 100, TimeUnit.MILLISECONDS)) {
        return;
      }
    }
  }

  /** Records a failure found outside the workers (e.g. by the lister). */
  void fail(Throwable t) {
    failure.compareAndSet(null, t);
  }

  /**
   * Waits until every queued unit has run.
   *
   * @throws IOException the first failure of any unit
   * @throws InterruptedException when interrupted or stopped
   */
  @SuppressWarnings("unchecked")
  public void finish() throws IOException, InterruptedException {
    for (int i = 0; i < workers.size(); i++) {
      submit((Unit<W>) END);
    }
    for (Thread t : workers) {
      t.join();
    }
    rethrow();
  }

  private void work(W state) {
    while (true) {
      Unit<W> unit;
      try {
        unit = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (unit == END) {
        return;
      }
      if (failure.get() != null) {
        continue; // drain without running
      }
      try {
        if (stopRequested.getAsBoolean()) {
          throw new InterruptedException("copy stopped on request");
        }
        unit.run(state);
      } catch (Throwable t) {
        failure.compareAndSet(null, t);
      }
    }
  }

  private void rethrow() throws IOException, InterruptedException {
    Throwable t = failure.get();
    if (t == null) {
      return;
    }
    if (t instanceof InterruptedException ie) {
      throw new InterruptedException(ie.getMessage());
    }
    if (t instanceof InterruptedIOException) {
      throw new InterruptedException(t.getMessage());
    }
    if (t instanceof IOException io) {
      throw new IOException(io.getMessage(), io);
    }
    if (t instanceof Error err) {
      throw err;
    }
    throw new IOException(String.valueOf(t.getMessage()), t);
  }

  @Override
  public void close() {
    for (Thread t : workers) {
      t.interrupt();
    }
    for (Thread t : workers) {
      try {
        t.join(JOIN_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
