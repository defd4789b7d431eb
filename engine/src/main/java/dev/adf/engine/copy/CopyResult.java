package dev.adf.engine.copy;

import java.time.Duration;
import java.util.Locale;

/**
 * The outcome of one successful copy.
 *
 * @param blobs the number of blobs copied
 * @param bytes the total bytes copied
 * @param duration the wall time of the copy, listing, verification and stale deletion included
 * @param staleDeleted target blobs under the output prefix that the source lacked, deleted
 * @param method how the bytes moved: {@code local staged folder}, {@code local file copy}, {@code
 *     server-side}, {@code block engine}, {@code server-side, then block engine}, {@code port
 *     streaming}
 */
public record CopyResult(long blobs, long bytes, Duration duration, long staleDeleted, String method) {

  /** A result with no stale blobs and no method named. */
  public CopyResult(long blobs, long bytes, Duration duration) {
    this(blobs, bytes, duration, 0, "");
  }

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

  /**
   * A one-line summary such as {@code 12 blobs, 20.97 MB in 0.412 s (50.9 MB/s, 29.1 blobs/s), 0
   * stale deleted, block engine} (MB = 10^6 bytes).
   */
  public String summary() {
    return String.format(
        Locale.ROOT,
        "%d blobs, %.2f MB in %.3f s (%.1f MB/s, %.1f blobs/s), %d stale deleted%s",
        blobs, bytes / 1e6, duration.toNanos() / 1e9, megabytesPerSecond(), blobsPerSecond(),
        staleDeleted, method.isEmpty() ? "" : ", " + method);
  }
}
