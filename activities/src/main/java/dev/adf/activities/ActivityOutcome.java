package dev.adf.activities;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * How one attempt ended, as the activity saw it.
 *
 * @param succeeded true when the attempt produced its outputs
 * @param error a one-line reason when it did not, else null (never contains secrets)
 * @param retryable false when retrying cannot help (a definition the activity cannot run)
 * @param output what the activity reports about a successful attempt (a JSON object, no secrets), or
 *     null
 */
public record ActivityOutcome(boolean succeeded, String error, boolean retryable, JsonNode output) {

  /** An outcome without output. */
  public ActivityOutcome(boolean succeeded, String error, boolean retryable) {
    this(succeeded, error, retryable, null);
  }

  public static ActivityOutcome success() {
    return new ActivityOutcome(true, null, false);
  }

  /**
   * A success with the activity's output, kept in the attempt's history (the Copy activity's data
   * read and written, files, rows, throughput, duration, copyBehavior and method).
   */
  public static ActivityOutcome success(JsonNode output) {
    return new ActivityOutcome(true, null, false, output);
  }

  /** A failure that a retry may fix (a failed engine job, a storage error). */
  public static ActivityOutcome failed(String error) {
    return new ActivityOutcome(false, Objects.requireNonNull(error), true);
  }

  /** A failure no retry can fix (an argument the activity cannot interpret). */
  public static ActivityOutcome failedPermanently(String error) {
    return new ActivityOutcome(false, Objects.requireNonNull(error), false);
  }
}
