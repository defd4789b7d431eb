package dev.adf.orchestrator.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adf.activities.expression.ExpressionException;
import dev.adf.orchestrator.definition.Availability;
import dev.adf.orchestrator.definition.Dataset;
import dev.adf.orchestrator.definition.Entity;
import dev.adf.orchestrator.definition.Frequency;
import dev.adf.orchestrator.definition.InputDependency;
import dev.adf.orchestrator.definition.LinkedService;
import dev.adf.orchestrator.definition.Pipeline;
import dev.adf.orchestrator.definition.PipelineActivity;
import dev.adf.orchestrator.definition.TimeSpan;
import dev.adf.orchestrator.validation.Problem.Severity;
import dev.adf.orchestrator.window.DependencyPeriods;
import dev.adf.orchestrator.window.TimeWindow;
import dev.adf.orchestrator.window.Windows;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks between entities, every problem at once (ARCHITECTURE "validation"):
 *
 * <ul>
 *   <li>names unique per kind, case-insensitively (adf-v1-semantics §1);
 *   <li>a dataset's {@code linkedServiceName} and every {@code …LinkedService}/{@code
 *       …LinkedServiceName} text in linked service and activity {@code typeProperties} name a linked
 *       service (§2, §3, §5.2);
 *   <li>activity inputs and outputs name datasets, its {@code linkedServiceName} a linked service (§5);
 *   <li>an activity's {@code scheduler} has the same grid as its first output's availability (§5;
 *       ARCHITECTURE decision: an ERROR); a different {@code style} only is a WARNING;
 *   <li>a Minute availability under 15 minutes is a WARNING (service minimum, §3.1);
 *   <li>each dataset is the output of at most one activity, and activities do not wait for each
 *       other in a cycle through datasets (§5, §6).
 * </ul>
 *
 * References to names in {@code unreadable} (entities whose files failed) are not reported again.
 */
public final class CrossReferences {

  /** Places a problem in its file: finds line:column of a pointer. */
  @FunctionalInterface
  public interface Locator {
    Problem at(Severity severity, Path file, String pointer, String message);
  }

  private final Map<String, LinkedService> linkedServices = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private final Map<String, Dataset> datasets = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private final Set<String> unreadable;
  private final Locator locator;
  private final List<Problem> problems = new ArrayList<>();

  private CrossReferences(Set<String> unreadable, Locator locator) {
    this.unreadable = unreadable;
    this.locator = locator;
  }

  /**
   * @param unreadable lower-case names of entities whose files had errors
   * @return the problems, in no particular order
   */
  public static List<Problem> check(List<LinkedService> linkedServices, List<Dataset> datasets,
      List<Pipeline> pipelines, Set<String> unreadable, Locator locator) {
    CrossReferences c = new CrossReferences(unreadable, locator);
    c.unique("linked service", linkedServices, c.linkedServices);
    c.unique("dataset", datasets, c.datasets);
    c.unique("pipeline", pipelines, new TreeMap<>(String.CASE_INSENSITIVE_ORDER));
    linkedServices.forEach(l -> c.linkedServiceRefs(l.source().path(), "/properties/typeProperties", l.typeProperties()));
    datasets.forEach(c::dataset);
    pipelines.forEach(c::pipeline);
    c.producersAndCycles(pipelines);
    return c.problems;
  }

  /** An activity of a pipeline, with the pointer of its element in the pipeline file. */
  private record Node(Pipeline pipeline, int index) {
    PipelineActivity activity() {
      return pipeline.activities().get(index);
    }

    String label() {
      return pipeline.name() + "/" + activity().name();
    }

    String pointer() {
      return "/properties/activities/" + index;
    }
  }

  /**
   * One producer per dataset (a slice is the output of one activity window, §5), then cycles among
   * activities through datasets whose dependency period is the window itself: such activities would
   * wait for each other forever. An input with a shifted period (startTime/endTime/length, e.g. the
   * previous slice of its own output) breaks a cycle, as in ADF.
   */
  private void producersAndCycles(List<Pipeline> pipelines) {
    Map<String, Node> producer = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Pipeline p : pipelines) {
      for (int i = 0; i < p.activities().size(); i++) {
        Node n = new Node(p, i);
        List<String> outputs = n.activity().outputs();
        for (int j = 0; j < outputs.size(); j++) {
          Node first = producer.putIfAbsent(outputs.get(j), n);
          if (first != null && !first.equals(n)) {
            problems.add(locator.at(Severity.ERROR, p.source().path(), n.pointer() + "/outputs/" + j + "/name",
                "dataset '" + outputs.get(j) + "' is already the output of activity " + first.label()
                    + "; a dataset's slices are produced by one activity (§5): give this activity its own"
                    + " output dataset"));
          }
        }
      }
    }
    Map<Node, List<Node>> downstream = new java.util.LinkedHashMap<>();
    for (Pipeline p : pipelines) {
      for (int i = 0; i < p.activities().size(); i++) {
        Node consumer = new Node(p, i);
        downstream.putIfAbsent(consumer, new ArrayList<>());
        List<InputDependency> dependencies = consumer.activity().dependencies();
        for (int j = 0; j < dependencies.size(); j++) {
          Node from = producer.get(dependencies.get(j).dataset());
          if (from != null && waitsOnCurrentOrLater(consumer, j)) {
            downstream.computeIfAbsent(from, k -> new ArrayList<>()).add(consumer);
          }
        }
      }
    }
    Map<Node, Integer> state = new java.util.HashMap<>();
    for (Node start : downstream.keySet()) {
      cycleFrom(start, downstream, state, new java.util.ArrayDeque<>());
    }
  }

  /** A window start used to try dependency expressions: a Monday, so weekday arithmetic shows. */
  private static final Instant SAMPLE = Instant.parse("2016-01-04T00:00:00Z");

  /**
   * Whether input {@code j} of the activity can wait on a slice that is not strictly before its window
   * (so it can take part in a cycle): true for the default period; for a custom one, its period for a
   * sample window of the activity's grid (the pipeline start, else {@link #SAMPLE}) ends after the
   * window start. An empty or inverted custom period is reported (the window would wait for nothing).
   */
  private boolean waitsOnCurrentOrLater(Node consumer, int j) {
    InputDependency dependency = consumer.activity().dependencies().get(j);
    if (dependency.isDefault()) {
      return true;
    }
    Dataset input = datasets.get(dependency.dataset());
    Dataset output = datasets.get(consumer.activity().outputs().get(0));
    if (input == null || output == null) {
      return false;
    }
    Availability grid = consumer.activity().scheduler() != null
        ? consumer.activity().scheduler() : output.availability();
    Instant sample = consumer.pipeline().start() != null ? consumer.pipeline().start() : SAMPLE;
    TimeWindow window = Windows.windowContaining(grid, sample);
    DependencyPeriods.DependencyPeriod period;
    try {
      period = DependencyPeriods.of(window, dependency, input.availability());
    } catch (ExpressionException e) {
      return false; // reported with the expression, at load
    }
    if (period.isEmpty()) {
      problems.add(locator.at(Severity.ERROR, consumer.pipeline().source().path(),
          consumer.pointer() + "/inputs/" + j, "the dependency period of input '" + dependency.dataset()
              + "' is empty for window " + window + " (" + period.start() + " to " + period.end()
              + "): the window would wait for nothing; make endTime (or start + length) later than startTime (§6)"));
      return false;
    }
    return period.end().isAfter(window.start());
  }

  /** Depth-first search; state 1 = on the path, 2 = done. Reports each cycle once, where it closes. */
  private void cycleFrom(Node node, Map<Node, List<Node>> downstream, Map<Node, Integer> state,
      java.util.Deque<Node> path) {
    Integer s = state.get(node);
    if (s != null) {
      if (s == 1) {
        List<Node> cycle = new ArrayList<>();
        for (java.util.Iterator<Node> it = path.descendingIterator(); it.hasNext(); ) {
          Node n = it.next();
          if (n.equals(node) || !cycle.isEmpty()) {
            cycle.add(n);
          }
        }
        cycle.add(node);
        Node last = path.peek();
        problems.add(locator.at(Severity.ERROR, last.pipeline().source().path(), last.pointer() + "/outputs",
            "activities wait for each other in a cycle through their datasets: "
                + String.join(" → ", cycle.stream().map(Node::label).toList())
                + "; none of their windows could ever run: remove a link, or give an input a dependency"
                + " period before the window (e.g. \"startTime\": \"Date.AddDays(SliceStart, -1)\", §6)"));
      }
      return;
    }
    state.put(node, 1);
    path.push(node);
    for (Node next : downstream.getOrDefault(node, List.of())) {
      cycleFrom(next, downstream, state, path);
    }
    path.pop();
    state.put(node, 2);
  }

  private <E extends Entity> void unique(String kind, List<E> entities, Map<String, E> byName) {
    for (E e : entities) {
      E first = byName.putIfAbsent(e.name(), e);
      if (first != null) {
        Problem there = locator.at(Severity.ERROR, first.source().path(), "/name", "");
        problems.add(locator.at(Severity.ERROR, e.source().path(), "/name", kind + " name '" + e.name()
            + "' is already used in " + there.file() + ":" + there.line()
            + " (names are unique per kind, case-insensitively, §1); rename one"));
      }
    }
  }

  private void dataset(Dataset d) {
    Path file = d.source().path();
    requireLinkedService(file, "/properties/linkedServiceName", d.linkedServiceName());
    Availability a = d.availability();
    if (a.frequency() == Frequency.Minute && a.interval() < 15) {
      problems.add(locator.at(Severity.WARNING, file, "/properties/availability/interval", "interval "
          + a.interval() + " with frequency Minute is below ADF's 15-minute minimum (§3.1)"));
    }
  }

  private void pipeline(Pipeline p) {
    Path file = p.source().path();
    for (int i = 0; i < p.activities().size(); i++) {
      PipelineActivity a = p.activities().get(i);
      String at = "/properties/activities/" + i;
      if (a.linkedServiceName() != null) {
        requireLinkedService(file, at + "/linkedServiceName", a.linkedServiceName());
      }
      linkedServiceRefs(file, at + "/typeProperties", a.typeProperties());
      for (int j = 0; j < a.inputs().size(); j++) {
        requireDataset(file, at + "/inputs/" + j + "/name", a.inputs().get(j));
      }
      for (int j = 0; j < a.outputs().size(); j++) {
        requireDataset(file, at + "/outputs/" + j + "/name", a.outputs().get(j));
      }
      Dataset output = datasets.get(a.outputs().get(0));
      if (a.scheduler() != null && output != null) {
        scheduler(file, at + "/scheduler", a.scheduler(), output);
      }
    }
  }

  private void scheduler(Path file, String at, Availability scheduler, Dataset output) {
    Availability availability = output.availability();
    if (!scheduler.sameGridAs(availability)) {
      problems.add(locator.at(Severity.ERROR, file, at, "scheduler " + describe(scheduler)
          + " differs from the availability " + describe(availability) + " of output dataset '"
          + output.name() + "'; make them equal (an activity window is its output slice, §5)"));
    } else if (scheduler.style() != availability.style()) {
      problems.add(locator.at(Severity.WARNING, file, at + "/style", "scheduler style " + scheduler.style()
          + " differs from the style " + availability.style() + " of output dataset '" + output.name()
          + "' (ADF expects them equal, §5)"));
    }
  }

  /** Text members named {@code *LinkedService} or {@code *LinkedServiceName} at the top of typeProperties. */
  private void linkedServiceRefs(Path file, String at, JsonNode typeProperties) {
    if (typeProperties == null || !typeProperties.isObject()) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = typeProperties.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> m = it.next();
      String key = m.getKey().toLowerCase(Locale.ROOT);
      if ((key.endsWith("linkedservice") || key.endsWith("linkedservicename")) && m.getValue().isTextual()) {
        requireLinkedService(file, JsonPointers.child(at, m.getKey()), m.getValue().asText());
      }
    }
  }

  private void requireLinkedService(Path file, String at, String name) {
    if (!linkedServices.containsKey(name) && !unreadable.contains(name.toLowerCase(Locale.ROOT))) {
      problems.add(locator.at(Severity.ERROR, file, at, "linked service '" + name + "' does not exist; "
          + known("linked services", linkedServices.keySet())));
    }
  }

  private void requireDataset(Path file, String at, String name) {
    if (!datasets.containsKey(name) && !unreadable.contains(name.toLowerCase(Locale.ROOT))) {
      problems.add(locator.at(Severity.ERROR, file, at, "dataset '" + name + "' does not exist; "
          + known("datasets", datasets.keySet())));
    }
  }

  private static String known(String kind, Set<String> names) {
    return names.isEmpty() ? "no " + kind + " are loaded" : "known " + kind + ": " + String.join(", ", names);
  }

  /** {@code Day×1}, with anchor and offset when set. */
  static String describe(Availability a) {
    return a.frequency() + "×" + a.interval()
        + (a.anchorDateTime() == null ? "" : " anchored at " + a.anchorDateTime())
        + (a.offset() == null || a.offset().isZero() ? "" : " offset " + TimeSpan.format(a.offset()));
  }
}
