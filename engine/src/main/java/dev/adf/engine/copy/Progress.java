package dev.adf.engine.copy;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** Running totals of one copy, and a daemon thread that logs them at a fixed wall-time interval. */
final class Progress implements AutoCloseable {
  final AtomicLong blobs = new AtomicLong();
  final AtomicLong bytes = new AtomicLong();
  private final long startNanos;
  private final ScheduledExecutorService timer;

  Progress(Consumer<String> log, Duration every, long startNanos) {
    this.startNanos = startNanos;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "adf-copy-progress");
      t.setDaemon(true);
      return t;
    });
    long ms = Math.max(1, every.toMillis());
    timer.scheduleAtFixedRate(() -> log.accept(line()), ms, ms, TimeUnit.MILLISECONDS);
  }

  /** {@code copy progress: 12 blobs, 104.9 MB in 5.0 s (21.0 MB/s so far)} (MB = 10^6 bytes). */
  String line() {
    double s = (System.nanoTime() - startNanos) / 1e9;
    long b = bytes.get();
    return String.format(Locale.ROOT, "copy progress: %d blobs, %.1f MB in %.1f s (%.1f MB/s so far)",
        blobs.get(), b / 1e6, s, s <= 0 ? 0 : b / 1e6 / s);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
