package dev.adf.orchestrator.cli;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Times on the command line: ISO-8601 UTC. */
final class Times {
  private Times() {}

  /** Parses an option's value, or throws a usage error (exit 2) naming the option. */
  static Instant parse(String option, String value) {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new UserException(option + " '" + value + "' is not an ISO-8601 UTC time such as 2015-11-16T00:00:00Z",
          ExitCodes.INVALID);
    }
  }
}
