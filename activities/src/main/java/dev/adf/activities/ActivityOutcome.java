package dev.adf.activities;

import java.util.Objects;

/**
 * How one attempt ended, as the activity saw it.
 *
 * @param succeeded true when the attempt produced its outputs
 * @param error a one-line reason when it did not, else null (never contains secrets)
 * @param retryable false when retrying cannot help (a definition the activity cannot run)
 */
public record ActivityOutcome(boolean succeeded, String error, boolean retryable) {

  public static ActivityOutcome success() {
    return new ActivityOutcome(true, null, false);
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
