package dev.adf.orchestrator.schedule;

import dev.adf.orchestrator.definition.Availability;
import dev.adf.orchestrator.definition.Dataset;
import dev.adf.orchestrator.definition.Factory;
import dev.adf.orchestrator.definition.Pipeline;
import dev.adf.orchestrator.definition.PipelineActivity;
import dev.adf.orchestrator.store.Store.ActivityRef;
import dev.adf.orchestrator.store.WindowKey;
import dev.adf.orchestrator.window.TimeWindow;
import dev.adf.orchestrator.window.Windows;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The deployed factory as the scheduler sees it: each activity with its slice grid, and which
 * activity produces each dataset. Immutable.
 */
public final class FactoryView {

  /** An activity in its pipeline, with the grid its windows follow. */
  public record ScheduledActivity(Pipeline pipeline, PipelineActivity activity, Availability grid) {
    public ActivityRef ref() {
      return new ActivityRef(pipeline.name(), activity.name());
    }

    /** The window key of one of this activity's windows. */
    public WindowKey key(Instant windowStart) {
      return new WindowKey(pipeline.name(), activity.name(), windowStart);
    }
  }

  private final Factory factory;
  private final List<ScheduledActivity> activities;
  private final Map<String, ScheduledActivity> producers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

  public FactoryView(Factory factory) {
    this.factory = factory;
    var list = new java.util.ArrayList<ScheduledActivity>();
    for (Pipeline p : factory.pipelines()) {
      for (PipelineActivity a : p.activities()) {
        Availability grid = gridOf(factory, a);
        if (grid == null) {
          continue;
        }
        ScheduledActivity sa = new ScheduledActivity(p, a, grid);
        list.add(sa);
        a.outputs().forEach(o -> producers.putIfAbsent(o, sa));
      }
    }
    this.activities = List.copyOf(list);
  }

  /**
   * The grid an activity's windows follow: its {@code scheduler}, else its first output's
   * availability (ADF v1: the output dataset's availability drives scheduling).
   */
  static Availability gridOf(Factory factory, PipelineActivity a) {
    if (a.scheduler() != null) {
      return a.scheduler();
    }
    return a.outputs().isEmpty()
        ? null
        : factory.dataset(a.outputs().get(0)).map(Dataset::availability).orElse(null);
  }

  public Factory factory() {
    return factory;
  }

  public List<ScheduledActivity> activities() {
    return activities;
  }

  public Optional<ScheduledActivity> activity(String pipeline, String activity) {
    return activities.stream()
        .filter(a -> a.pipeline().name().equalsIgnoreCase(pipeline) && a.activity().name().equalsIgnoreCase(activity))
        .findFirst();
  }

  /** The activity whose output the dataset is, if any. */
  public Optional<ScheduledActivity> producerOf(String dataset) {
    return Optional.ofNullable(producers.get(dataset));
  }

  /**
   * Every activity's window layout: the grid windows intersecting its pipeline's active period
   * [start, end) (ADF v1 "Scheduling and execution"; ARCHITECTURE: intersection for a start that is
   * not on a boundary). The layout stops at {@code horizon} so that an end far in the future
   * (9999-09-09) is laid out lazily as time passes. Paused pipelines are laid out too; they start
   * nothing.
   *
   * @param horizon windows starting at or after it are not laid out yet (UTC)
   */
  public Map<ActivityRef, List<TimeWindow>> layout(Instant horizon) {
    Map<ActivityRef, List<TimeWindow>> out = new LinkedHashMap<>();
    for (ScheduledActivity a : activities) {
      Pipeline p = a.pipeline();
      if (p.start() == null || p.end() == null) {
        out.put(a.ref(), List.of());
        continue;
      }
      Instant end = p.end().isAfter(horizon) ? horizon : p.end();
      out.put(a.ref(), end.isAfter(p.start()) ? Windows.between(a.grid(), p.start(), end) : List.of());
    }
    return out;
  }
}
