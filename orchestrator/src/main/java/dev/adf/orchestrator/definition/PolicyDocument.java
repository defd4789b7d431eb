package dev.adf.orchestrator.definition;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/**
 * An activity's {@code policy} as read (adf-v1-semantics §5.1): concurrency 1..10, retry ≥ 0, longRetry
 * ≥ 1, TimeSpans not negative; absent values take {@link ActivityPolicy#DEFAULTS}.
 */
record PolicyDocument(
    @Min(value = 1, message = "concurrency must be 1 to 10 (parallel windows of this activity), was ${validatedValue}")
        @Max(value = 10, message = "concurrency must be 1 to 10 (parallel windows of this activity), was ${validatedValue}")
        Integer concurrency,
    ExecutionPriorityOrder executionPriorityOrder,
    @Min(value = 0, message = "retry must be 0 or more (immediate re-attempts), was ${validatedValue}") Integer retry,
    @Min(value = 1, message = "longRetry must be 1 or more (rounds of retries; 1 = no extra round), was ${validatedValue}")
        Integer longRetry,
    Duration longRetryInterval,
    Duration timeout,
    Duration delay) {

  static PolicyDocument read(ObjectCursor c) {
    var doc = new PolicyDocument(
        c.integer("concurrency"),
        c.enumValue("executionPriorityOrder", ExecutionPriorityOrder.class),
        c.integer("retry"),
        c.integer("longRetry"),
        c.timeSpan("longRetryInterval", true),
        c.timeSpan("timeout", true),
        c.timeSpan("delay", true));
    c.warnUnknown("an activity policy");
    return doc;
  }

  ActivityPolicy toPolicy() {
    ActivityPolicy d = ActivityPolicy.DEFAULTS;
    return new ActivityPolicy(
        concurrency == null ? d.concurrency() : concurrency,
        executionPriorityOrder == null ? d.executionPriorityOrder() : executionPriorityOrder,
        retry == null ? d.retry() : retry,
        longRetry == null ? d.longRetry() : longRetry,
        longRetryInterval == null ? d.longRetryInterval() : longRetryInterval,
        timeout == null ? d.timeout() : timeout,
        delay == null ? d.delay() : delay);
  }
}
