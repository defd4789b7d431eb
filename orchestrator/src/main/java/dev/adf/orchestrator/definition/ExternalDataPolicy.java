package dev.adf.orchestrator.definition;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adf.activities.AdfJson;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A dataset's {@code policy.externalData} (adf-v1-semantics §3.2, rule 10), only meaningful with
 * {@code external: true}: how the availability of each external slice is checked.
 *
 * <ul>
 *   <li>{@code dataDelay} (TimeSpan, default 0): the first check is not before slice end + dataDelay.
 *   <li>{@code retryInterval} (TimeSpan, default 00:01:00): wait after a check that found no data,
 *       counted from the end of that check; not applied to past slices ({@link #isPast}).
 *   <li>{@code retryTimeout} (TimeSpan, default 00:10:00): bound of each check; a check still running
 *       after it is abandoned and counts as a timed-out check.
 *   <li>{@code maximumRetry} (1..10, default 3): the number of checks; after the last one failing the
 *       slice is Failed/Validation, or Failed/TimedOut when every check timed out.
 * </ul>
 *
 * Times are UTC. Deploy-time validation ({@code DatasetPolicyChecks}) refuses bad values, so {@link
 * #of} falls back to the defaults only for values that were never deployed.
 */
public record ExternalDataPolicy(
    Duration dataDelay, Duration retryInterval, Duration retryTimeout, int maximumRetry) {

  public static final Duration DEFAULT_DATA_DELAY = Duration.ZERO;
  public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofMinutes(1);
  public static final Duration DEFAULT_RETRY_TIMEOUT = Duration.ofMinutes(10);
  public static final int DEFAULT_MAXIMUM_RETRY = 3;
  public static final int MAX_MAXIMUM_RETRY = 10;

  public static final ExternalDataPolicy DEFAULTS = new ExternalDataPolicy(
      DEFAULT_DATA_DELAY, DEFAULT_RETRY_INTERVAL, DEFAULT_RETRY_TIMEOUT, DEFAULT_MAXIMUM_RETRY);

  public ExternalDataPolicy {
    if (dataDelay.isNegative() || retryInterval.isNegative() || retryTimeout.isNegative() || retryTimeout.isZero()) {
      throw new IllegalArgumentException("negative TimeSpan or zero retryTimeout in externalData");
    }
    if (maximumRetry < 1 || maximumRetry > MAX_MAXIMUM_RETRY) {
      throw new IllegalArgumentException("maximumRetry must be 1 to 10, was " + maximumRetry);
    }
  }

  /**
   * The {@code externalData} policy of an external dataset; empty when the dataset is not external or
   * has no {@code externalData} object (its slices are then checked every minute, indefinitely).
   */
  public static Optional<ExternalDataPolicy> of(Dataset dataset) {
    JsonNode ext = AdfJson.member(dataset.policy(), "externalData");
    if (!dataset.external() || ext == null || !ext.isObject()) {
      return Optional.empty();
    }
    int max = DEFAULT_MAXIMUM_RETRY;
    JsonNode m = AdfJson.member(ext, "maximumRetry");
    if (m != null && (m.isIntegralNumber() || m.asText().strip().matches("\\d{1,2}"))) {
      max = Math.max(1, Math.min(MAX_MAXIMUM_RETRY, m.isIntegralNumber() ? m.intValue() : Integer.parseInt(m.asText().strip())));
    }
    Duration timeout = span(ext, "retryTimeout", DEFAULT_RETRY_TIMEOUT);
    return Optional.of(new ExternalDataPolicy(
        span(ext, "dataDelay", DEFAULT_DATA_DELAY),
        span(ext, "retryInterval", DEFAULT_RETRY_INTERVAL),
        timeout.isZero() ? DEFAULT_RETRY_TIMEOUT : timeout,
        max));
  }

  /** When the slice ending at {@code sliceEnd} may be checked first: slice end + dataDelay (UTC). */
  public Instant firstCheck(Instant sliceEnd) {
    return sliceEnd.plus(dataDelay);
  }

  /**
   * Whether the slice ending at {@code sliceEnd} is a past slice at {@code now} (backfill): its whole
   * schedule of checks, slice end + dataDelay + maximumRetry × retryInterval, lies before {@code now}.
   * Past slices are checked without waiting retryInterval between checks (§3.2: "no wait for past
   * slices"); present-time slices are spaced.
   */
  public boolean isPast(Instant sliceEnd, Instant now) {
    return !firstCheck(sliceEnd).plus(retryInterval.multipliedBy(maximumRetry)).isAfter(now);
  }

  private static Duration span(JsonNode node, String key, Duration fallback) {
    String text = AdfJson.text(node, key);
    if (text == null) {
      return fallback;
    }
    try {
      Duration d = TimeSpan.parse(text);
      return d.isNegative() ? fallback : d;
    } catch (IllegalArgumentException e) {
      return fallback;
    }
  }
}
