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

  private final Map<String, String> unavailableSecrets;
  /** The activities whose outputs some activity takes as an input ({@link #feedsOthers}). */
  private final java.util.Set<ActivityRef> feeding = new java.util.HashSet<>();

  public FactoryView(Factory factory) {
    this(factory, Map.of());
  }

  /**
   * @param unavailableSecrets {@link #entityKey} to why a secret of that entity could not be opened
   *     (no key, wrong key, an unset environment variable); attempts needing the entity fail with it
   */
  public FactoryView(Factory factory, Map<String, String> unavailableSecrets) {
    this.factory = factory;
    this.unavailableSecrets = Map.copyOf(unavailableSecrets);
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
    for (ScheduledActivity b : activities) {
      for (String input : b.activity().inputs()) {
        ScheduledActivity p = producers.get(input);
        if (p != null) {
          feeding.add(p.ref());
        }
      }
    }
  }

  /**
   * Whether another activity of this view (or the same one, a self-dependency) takes one of {@code a}'s
   * outputs as an input: an end of {@code a} may make windows of it ready.
   */
  public boolean feedsOthers(ScheduledActivity a) {
    return feeding.contains(a.ref());
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

  /** The key of an entity in {@link #unavailableSecrets()}: {@code kind/name}, name in lower case. */
  public static String entityKey(String kind, String name) {
    return kind + "/" + name.toLowerCase(java.util.Locale.ROOT);
  }

  /** Entities whose secrets could not be opened, by {@link #entityKey}, with why; usually empty. */
  public Map<String, String> unavailableSecrets() {
    return unavailableSecrets;
  }

  /**
   * Why an attempt of {@code a} cannot run because a secret it may need could not be opened, or
   * empty. It may need its pipeline, its input and output datasets, their linked services, its own
   * linked service and any linked service its typeProperties name (a jar's storage).
   */
  public Optional<String> unavailableSecret(ScheduledActivity a) {
    if (unavailableSecrets.isEmpty()) {
      return Optional.empty();
    }
    List<String> keys = new java.util.ArrayList<>();
    keys.add(entityKey("Pipeline", a.pipeline().name()));
    java.util.Set<String> linked = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    if (a.activity().linkedServiceName() != null) {
      linked.add(a.activity().linkedServiceName());
    }
    for (String d : concat(a.activity().inputs(), a.activity().outputs())) {
      keys.add(entityKey("Dataset", d));
      factory.dataset(d).map(Dataset::linkedServiceName).ifPresent(linked::add);
    }
    if (a.activity().typeProperties() != null) {
      java.util.Set<String> names = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
      factory.linkedServices().forEach(ls -> names.add(ls.name()));
      textsIn(a.activity().typeProperties(), t -> {
        if (names.contains(t)) {
          linked.add(t);
        }
      });
    }
    linked.forEach(n -> keys.add(entityKey("LinkedService", n)));
    return keys.stream().map(unavailableSecrets::get).filter(java.util.Objects::nonNull).findFirst();
  }

  /**
   * Why the availability of {@code dataset}'s slices cannot be checked because a secret of it or of
   * its linked service could not be opened, or empty.
   */
  public Optional<String> unavailableSecret(Dataset dataset) {
    if (unavailableSecrets.isEmpty()) {
      return Optional.empty();
    }
    String own = unavailableSecrets.get(entityKey("Dataset", dataset.name()));
    if (own != null || dataset.linkedServiceName() == null) {
      return Optional.ofNullable(own);
    }
    return Optional.ofNullable(unavailableSecrets.get(entityKey("LinkedService", dataset.linkedServiceName())));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new java.util.ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static void textsIn(com.fasterxml.jackson.databind.JsonNode node, java.util.function.Consumer<String> out) {
    if (node.isTextual()) {
      out.accept(node.asText());
    }
    node.forEach(child -> textsIn(child, out));
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
   * Every activity's window layout, computed lazily ({@link dev.adf.orchestrator.window.WindowRange}: constant memory however
   * many windows): the grid windows intersecting its pipeline's active period [start, end) (ADF v1
   * "Scheduling and execution"; ARCHITECTURE: intersection for a start that is not on a boundary). The
   * layout stops at {@code horizon} so that an end far in the future (9999-09-09) is laid out lazily as
   * time passes. Paused pipelines are laid out too; they start nothing. A pipeline without an active
   * period has no windows.
   *
   * <p>A {@code OneTime} pipeline (§4: runs once; availability ignored for scheduling) has one window
   * per activity: the grid window containing the pipeline's {@code start} when it has one, else the one
   * containing {@code now}; it is due at once ({@link #dueTime}).
   *
   * @param now the deploy's clock reading (UTC), for OneTime pipelines without a start
   * @param horizon windows starting at or after it are not laid out yet (UTC)
   */
  public Map<ActivityRef, Iterable<TimeWindow>> layout(Instant now, Instant horizon) {
    Map<ActivityRef, Iterable<TimeWindow>> out = new LinkedHashMap<>();
    for (ScheduledActivity a : activities) {
      Pipeline p = a.pipeline();
      if (p.oneTime()) {
        out.put(a.ref(), List.of(Windows.windowContaining(a.grid(), p.start() == null ? now : p.start())));
      } else if (p.start() == null || p.end() == null) {
        out.put(a.ref(), List.of());
      } else {
        out.put(a.ref(), Windows.range(a.grid(), p.start(), p.end().isAfter(horizon) ? horizon : p.end()));
      }
    }
    return out;
  }

  /**
   * The windows of {@code a} after its laid-out windows, up to {@code horizon}: what a scheduling pass
   * adds as time passes. Empty for OneTime pipelines (their one window is laid out at deploy) and
   * pipelines without an active period.
   *
   * @param laidOutTo the end of the activity's latest stored window, or null when it has none
   */
  public Iterable<TimeWindow> extension(ScheduledActivity a, Instant laidOutTo, Instant horizon) {
    Pipeline p = a.pipeline();
    if (p.oneTime() || p.start() == null || p.end() == null) {
      return List.of();
    }
    Instant from = laidOutTo == null || laidOutTo.isBefore(p.start()) ? p.start() : laidOutTo;
    return Windows.range(a.grid(), from, p.end().isAfter(horizon) ? horizon : p.end());
  }

  /**
   * When window {@code w} of {@code a} is due, before the policy delay: at once for a OneTime
   * pipeline (its window start), else by the grid's style ({@link Windows#dueTime}).
   */
  public static Instant dueTime(ScheduledActivity a, TimeWindow w) {
    return a.pipeline().oneTime() ? w.start() : Windows.dueTime(a.grid(), w);
  }
}
