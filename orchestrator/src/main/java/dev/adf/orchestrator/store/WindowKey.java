package dev.adf.orchestrator.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Identifies an activity window: (pipeline, activity, WindowStart). Names are stored as deployed.
 */
public record WindowKey(String pipeline, String activity, Instant windowStart) {
  public WindowKey {
    Objects.requireNonNull(pipeline, "pipeline");
    Objects.requireNonNull(activity, "activity");
    Objects.requireNonNull(windowStart, "windowStart");
  }

  @Override
  public String toString() {
    return pipeline + "/" + activity + "@" + windowStart;
  }
}
