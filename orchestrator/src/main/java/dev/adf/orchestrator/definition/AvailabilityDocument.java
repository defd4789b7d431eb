package dev.adf.orchestrator.definition;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.Instant;

/**
 * A dataset's {@code availability} or an activity's {@code scheduler} as read from JSON, before its
 * rules are checked (adf-v1-semantics §3.1: frequency and interval required, interval ≥ 1).
 */
record AvailabilityDocument(
    @NotNull(message = "frequency is required: one of Minute, Hour, Day, Week, Month") Frequency frequency,
    @NotNull(message = "interval is required: a whole number ≥ 1")
        @Min(value = 1, message = "interval must be at least 1 (it multiplies frequency), was ${validatedValue}")
        Integer interval,
    Style style,
    Instant anchorDateTime,
    Duration offset) {

  static AvailabilityDocument read(ObjectCursor c) {
    var doc = new AvailabilityDocument(
        c.enumValue("frequency", Frequency.class),
        c.integer("interval"),
        c.enumValue("style", Style.class),
        c.instant("anchorDateTime"),
        c.timeSpan("offset", false));
    c.warnUnknown("availability/scheduler");
    return doc;
  }

  /** Called only after validation passed. */
  Availability toAvailability() {
    return new Availability(frequency, interval, style, anchorDateTime, offset);
  }
}
