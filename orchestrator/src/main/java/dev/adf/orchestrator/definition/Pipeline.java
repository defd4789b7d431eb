package dev.adf.orchestrator.definition;

import java.time.Instant;
import java.util.List;

/**
 * A pipeline: activities over an active period.
 *
 * @param name unique in the factory, case-insensitively
 * @param description free text, or null
 * @param activities its activities, in file order
 * @param start start of the active period (UTC, inclusive), or null when not scheduled
 * @param end end of the active period (UTC, exclusive), or null when not scheduled
 * @param paused {@code isPaused}
 * @param pipelineMode {@code Scheduled} (default) or {@code OneTime}
 * @param source where it was read
 */
public record Pipeline(
    String name,
    String description,
    List<PipelineActivity> activities,
    Instant start,
    Instant end,
    boolean paused,
    String pipelineMode,
    SourceFile source)
    implements Entity {

  public Pipeline {
    activities = List.copyOf(activities);
  }

  /**
   * {@code pipelineMode: OneTime}: each activity runs once, in one window, not on its schedule
   * (adf-v1-semantics §4; the window is chosen by the scheduler's layout, see FactoryView).
   */
  public boolean oneTime() {
    return "OneTime".equalsIgnoreCase(pipelineMode);
  }
}
