package dev.adf.engine.filecopy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.Optional;

/**
 * ADF's copy outcome of one successful Copy attempt, as the Monitoring app's activity-run details
 * show it (data read, data written, files, rows, throughput, duration).
 *
 * @param dataRead bytes read from the source store (as stored: compressed bytes when compressed)
 * @param dataWritten bytes written to the sink store (as stored)
 * @param filesRead source files read (a ZipDeflate archive counts once)
 * @param filesWritten sink files written
 * @param rowsRead text records read, or -1 when the copy did not parse records
 * @param rowsCopied text records written, or -1 when the copy did not parse records
 * @param durationMillis wall time of the copy: listing, bytes, checks and clean-up
 * @param copyBehavior the effective ADF copyBehavior ({@code PreserveHierarchy}, …)
 * @param method {@code binary}, {@code transcode} or {@code re-serialize}
 * @param transport how the bytes moved ({@code local file copy}, {@code block engine}, {@code
 *     server-side}, {@code port streaming}, {@code streaming})
 * @param staleDeleted files an earlier attempt of the same window had generated and this one did not
 *     write again, deleted
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record CopyOutcome(long dataRead, long dataWritten, long filesRead, long filesWritten, long rowsRead,
    long rowsCopied, long durationMillis, String copyBehavior, String method, String transport, long staleDeleted) {

  /** The log line prefix the job prints its outcome with; the Copy activity reads it back from the log. */
  public static final String LOG_PREFIX = "adf.copy.outcome ";

  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** Throughput in MB/s (10^6 bytes per second) of the data read; 0 for an instant copy. */
  public double throughputMBps() {
    return durationMillis <= 0 ? 0 : dataRead / 1e3 / durationMillis;
  }

  /** The log line: {@link #LOG_PREFIX} then one line of JSON. */
  public String toLogLine() {
    try {
      return LOG_PREFIX + JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The outcome a log line carries, if it is one written by {@link #toLogLine}. */
  public static Optional<CopyOutcome> fromLogLine(String line) {
    int at = line == null ? -1 : line.indexOf(LOG_PREFIX);
    if (at < 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(line.substring(at + LOG_PREFIX.length()), CopyOutcome.class));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /**
   * One line for people: {@code 3 files read, 3 written, 1.20 MB read, 1.20 MB written, 10,000 rows,
   * 0.412 s, 2.9 MB/s, PreserveHierarchy, binary (local file copy)} (MB = 10^6 bytes).
   */
  public String summary() {
    return String.format(Locale.ROOT, "%d file%s read, %d written, %s read, %s written%s, %.3f s, %.1f MB/s, %s, %s (%s)%s",
        filesRead, filesRead == 1 ? "" : "s", filesWritten, bytes(dataRead), bytes(dataWritten),
        rowsRead < 0 ? "" : String.format(Locale.ROOT, ", %,d rows read, %,d copied", rowsRead, rowsCopied),
        durationMillis / 1e3, throughputMBps(), copyBehavior, method, transport,
        staleDeleted == 0 ? "" : ", " + staleDeleted + " stale deleted");
  }

  private static String bytes(long n) {
    return n < 1_000_000 ? String.format(Locale.ROOT, "%.1f kB", n / 1e3) : String.format(Locale.ROOT, "%.2f MB", n / 1e6);
  }
}
