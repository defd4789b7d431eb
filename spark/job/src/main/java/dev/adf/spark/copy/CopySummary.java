package dev.adf.spark.copy;

import java.time.Duration;
import java.util.Locale;

/**
 * The outcome of one successful Spark copy.
 *
 * @param blobs the number of files copied
 * @param bytes the total bytes copied
 * @param duration wall time from listing the input to the end of the stale deletion
 * @param tasks the number of Spark tasks (partitions) the files were spread over
 * @param staleDeleted output files the input lacked, deleted after the copy
 */
public record CopySummary(long blobs, long bytes, Duration duration, int tasks, long staleDeleted) {

  /** Throughput in MB/s (10^6 bytes per second); 0 for an instant copy. */
  public double megabytesPerSecond() {
    double seconds = duration.toNanos() / 1e9;
    return seconds <= 0 ? 0 : bytes / 1e6 / seconds;
  }

  /**
   * The line the job prints to stdout: {@code spark blob copy done: N blobs, X.XX MB in Y.YYY s (Z.Z
   * MB/s), P tasks} (MB = 10^6 bytes).
   */
  public String line() {
    return String.format(Locale.ROOT, "spark blob copy done: %d blobs, %.2f MB in %.3f s (%.1f MB/s), %d tasks",
        blobs, bytes / 1e6, duration.toNanos() / 1e9, megabytesPerSecond(), tasks);
  }
}
