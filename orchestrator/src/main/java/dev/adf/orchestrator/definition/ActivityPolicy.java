package dev.adf.orchestrator.definition;

import java.time.Duration;

/**
 * An activity's {@code policy}, defaults applied (ARCHITECTURE "Defaults": retry 0, longRetry 1,
 * longRetryInterval 0, timeout 0 = none, concurrency 1, OldestFirst, delay 0).
 *
 * @param concurrency windows of this activity in progress at once, 1–10
 * @param executionPriorityOrder which ready windows go first
 * @param retry immediate re-attempts after a failed attempt, ≥ 0
 * @param longRetry rounds of {@code retry}, ≥ 1
 * @param longRetryInterval pause between rounds, ≥ 0
 * @param timeout longest an attempt may run; {@link Duration#ZERO} means no limit
 * @param delay how long after it is due a window starts, ≥ 0
 */
public record ActivityPolicy(
    int concurrency,
    ExecutionPriorityOrder executionPriorityOrder,
    int retry,
    int longRetry,
    Duration longRetryInterval,
    Duration timeout,
    Duration delay) {

  public static final int DEFAULT_CONCURRENCY = 1;
  public static final int DEFAULT_RETRY = 0;
  public static final int DEFAULT_LONG_RETRY = 1;

  public static final ActivityPolicy DEFAULTS =
      new ActivityPolicy(
          DEFAULT_CONCURRENCY,
          ExecutionPriorityOrder.OldestFirst,
          DEFAULT_RETRY,
          DEFAULT_LONG_RETRY,
          Duration.ZERO,
          Duration.ZERO,
          Duration.ZERO);

  /** The most attempts one window gets before it is Failed: (retry + 1) × longRetry. */
  public int maxAttempts() {
    return (retry + 1) * longRetry;
  }

  /** True when {@link #timeout()} limits an attempt. */
  public boolean hasTimeout() {
    return !timeout.isZero();
  }
}
