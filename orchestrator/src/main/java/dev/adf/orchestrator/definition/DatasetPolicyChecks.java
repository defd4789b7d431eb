package dev.adf.orchestrator.definition;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * Deploy-time checks of a dataset's {@code policy} (adf-v1-semantics §3.2): {@code externalData}
 * ({@link ExternalDataPolicy}) and {@code validation} ({@link ValidationPolicy}).
 *
 * <ul>
 *   <li>externalData on a dataset that is not {@code external: true}: WARNING, it is ignored.
 *   <li>maximumRetry outside 1..10, a TimeSpan that is malformed or negative, a zero retryTimeout:
 *       ERROR at the value's JSON pointer.
 *   <li>minimumSizeMB not a number ≥ 0, minimumRows not a whole number ≥ 0, validationPriorityOrder
 *       not OldestFirst/NewestFirst: ERROR.
 *   <li>unknown keys inside externalData and validation: WARNING. Other policy members are left
 *       alone ({@code latency}; {@code executionPriorityOrder}, which the 2015 Spark sample puts there).
 * </ul>
 */
final class DatasetPolicyChecks {
  private DatasetPolicyChecks() {}

  static void check(ObjectCursor policy, boolean external) {
    FileProblems problems = policy.problems();
    ObjectCursor ext = policy.object("externalData");
    if (ext != null) {
      if (!external) {
        problems.warning(policy.pointerOf("externalData"),
            "externalData is ignored: only meaningful with \"external\": true (a dataset produced by an"
                + " activity of this factory becomes Ready when that activity succeeds)");
      }
      ext.timeSpan("dataDelay", true);
      ext.timeSpan("retryInterval", true);
      Duration timeout = ext.timeSpan("retryTimeout", true);
      if (timeout != null && timeout.isZero()) {
        problems.error(ext.pointerOf("retryTimeout"),
            "retryTimeout must be more than 00:00:00: it bounds each availability check (default 00:10:00)");
      }
      Integer max = ext.integer("maximumRetry");
      if (max != null && (max < 1 || max > ExternalDataPolicy.MAX_MAXIMUM_RETRY)) {
        problems.error(ext.pointerOf("maximumRetry"), "maximumRetry must be 1 to 10 (the number of"
            + " availability checks of each slice; default 3), was " + max);
      }
      ext.warnUnknown("a dataset's externalData policy");
    }
    ObjectCursor validation = policy.object("validation");
    if (validation != null) {
      BigDecimal size = number(validation, "minimumSizeMB");
      if (size != null && size.signum() < 0) {
        problems.error(validation.pointerOf("minimumSizeMB"),
            "minimumSizeMB must be 0 or more (MB of 1,048,576 bytes; decimals allowed), was " + size.toPlainString());
      }
      Integer rows = validation.integer("minimumRows");
      if (rows != null && rows < 0) {
        problems.error(validation.pointerOf("minimumRows"), "minimumRows must be 0 or more, was " + rows);
      }
      validation.enumValue("validationPriorityOrder", ExecutionPriorityOrder.class);
      validation.warnUnknown("a dataset's validation policy");
    }
  }

  private static BigDecimal number(ObjectCursor c, String key) {
    JsonNode v = c.any(key);
    if (v == null) {
      return null;
    }
    try {
      if (v.isNumber()) {
        return v.decimalValue();
      }
      if (v.isTextual()) {
        return new BigDecimal(v.asText().strip());
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    c.problems().error(c.pointerOf(key), key + " must be a number of MB, e.g. 1 or 0.5; was " + v);
    return null;
  }
}
