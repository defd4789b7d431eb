package dev.adf.orchestrator.store;

import dev.adf.orchestrator.status.WindowStatus;
import java.time.Instant;

/**
 * Filters of the activity windows list; null means "any". Names match case-insensitively.
 *
 * @param pipeline pipeline name
 * @param activity activity name
 * @param status window status
 * @param from earliest WindowStart, inclusive
 * @param to latest WindowStart, exclusive
 * @param newestFirst sort by WindowStart descending (ADF Monitoring app default) instead of ascending
 */
public record WindowQuery(
    String pipeline, String activity, WindowStatus status, Instant from, Instant to, boolean newestFirst) {

  public static final WindowQuery ALL = new WindowQuery(null, null, null, null, null, false);

  public WindowQuery withStatus(WindowStatus s) {
    return new WindowQuery(pipeline, activity, s, from, to, newestFirst);
  }
}
