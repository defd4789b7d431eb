package dev.adf.engine.copy;

import java.time.Duration;
import java.util.Locale;

/**
 * The outcome of one successful copy.
 *
 * @param blobs the number of blobs copied
 * @param bytes the total bytes copied
 * @param duration the wall time of the copy, listing included
 */
public record CopyResult(long blobs, long bytes, Duration duration) {

  /** Throughput in MB/s (10^6 bytes per second); 0 for an instant copy. */
  public double megabytesPerSecond() {
    double seconds = duration.toNanos() / 1e9;
    return seconds <= 0 ? 0 : bytes / 1e6 / seconds;
  }

  /** Blobs per second; 0 for an instant copy. */
  public double blobsPerSecond() {
    double seconds = duration.toNanos() / 1e9;
    return seconds <= 0 ? 0 : blobs / seconds;
  }

  /** A one-line summary such as {@code 12 blobs, 20.97 MB in 0.412 s (50.9 MB/s, 29.1 blobs/s)}. */
  public String summary() {
    return String.format(
        Locale.ROOT,
        "%d blobs, %.2f MB in %.3f s (%.1f MB/s, %.1f blobs/s)",
        blobs, bytes / 1e6, duration.toNanos() / 1e9, megabytesPerSecond(), blobsPerSecond());
  }
}
