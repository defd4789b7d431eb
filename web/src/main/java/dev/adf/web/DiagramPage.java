package dev.adf.web;

import dev.adf.orchestrator.definition.Dataset;
import dev.adf.orchestrator.definition.InputDependency;
import dev.adf.orchestrator.definition.Pipeline;
import dev.adf.orchestrator.schedule.FactoryView;
import dev.adf.orchestrator.schedule.FactoryView.ScheduledActivity;
import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.DatasetSlice;
import dev.adf.orchestrator.store.Store;
import dev.adf.orchestrator.store.Store.ActivityRef;
import dev.adf.orchestrator.window.DependencyPeriods;
import dev.adf.orchestrator.window.TimeWindow;
import dev.adf.web.diagram.LayeredLayout;
import dev.adf.web.diagram.LayeredLayout.Edge;
import dev.adf.web.diagram.LayeredLayout.Layout;
import dev.adf.web.diagram.LayeredLayout.Node;
import io.javalin.config.RoutesConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The diagram: datasets and activities as a graph, left to right (the Monitoring app's Diagram view,
 * laid out by {@link LayeredLayout}), each dataset with its latest slice status, each activity with
 * its pipeline, and the pipelines' Pause / Pause + terminate / Resume buttons. Its cost is one
 * {@code latestDueWindow} per activity plus one {@code datasetSlice} per external dataset.
 */
public final class DiagramPage {
  /** Longer names are cut with an ellipsis in a node (the full name is in its tooltip). */
  static final int LABEL_CHARS = 26;

  private final Supplier<Web> web;

  DiagramPage(Supplier<Web> web) {
    this.web = web;
  }

  /**
   * A dataset node.
   *
   * @param node its place
   * @param name the dataset's name
   * @param external {@code external: true} (produced outside this factory)
   * @param state the status shown, or null when there is none ({@code status} then says why)
   * @param status what the node says: {@code Ready}, {@code Waiting/DatasetDependencies}, {@code
   *     external} (an external slice never checked), {@code no windows}, {@code not produced}
   * @param slice the slice the status is of, or null
   * @param link the window page behind the status (the producer's window, or the consumer's for an
   *     external dataset), or null
   */
  public record DatasetNode(Node node, String name, boolean external, WindowState state, String status,
      TimeWindow slice, String link) {
    public String label() {
      return cut(name);
    }

    /** The CSS class of the status mark. */
    public String css() {
      return state == null ? (external ? "st-external" : "st-unknown") : Fmt.css(state);
    }
  }

  /**
   * An activity node.
   *
   * @param node its place
   * @param pipeline its pipeline's name
   * @param activity its name
   * @param type its ADF type
   * @param paused its pipeline is paused (in its JSON or at run time)
   * @param latest its latest window past its scheduled time ({@code RunHistory.latestDueWindow}), or null
   */
  public record ActivityNode(Node node, String pipeline, String activity, String type, boolean paused,
      ActivityWindow latest) {
    public String label() {
      return cut(activity);
    }

    public String pipelineLabel() {
      return cut(pipeline);
    }

    public String link() {
      return "/windows?pipeline=" + Fmt.q(pipeline) + "&activity=" + Fmt.q(activity);
    }
  }

  /**
   * A pipeline with its pause state.
   *
   * @param name its name
   * @param pausedInJson {@code isPaused} in its JSON
   * @param pause its run-time pause (adf pause), or null
   * @param activities how many of its activities are drawn
   */
  public record PipelineRow(String name, boolean pausedInJson, Store.PipelinePause pause, int activities) {}

  /**
   * The page.
   *
   * @param layout the geometry (pixels)
   * @param datasets dataset nodes, by name
   * @param activities activity nodes, by pipeline then name
   * @param pipelines the pipelines, by name
   */
  public record Model(Layout layout, List<DatasetNode> datasets, List<ActivityNode> activities,
      List<PipelineRow> pipelines) {}

  void register(RoutesConfig r) {
    r.get("/diagram", ctx -> {
      Web w = web.get();
      Html.page(ctx, "diagram.jte", w.chrome("Diagram", "diagram", "adf windows"), model(w.monitor));
    });
  }

  static Model model(Monitor monitor) {
    FactoryView view = monitor.factory();
    List<Dataset> datasets = view.factory().datasets().stream()
        .sorted(Comparator.comparing(d -> d.name().toLowerCase(Locale.ROOT))).toList();
    List<ScheduledActivity> activities = view.activities().stream()
        .sorted(Comparator.comparing((ScheduledActivity a) -> a.pipeline().name().toLowerCase(Locale.ROOT))
            .thenComparing(a -> a.activity().name().toLowerCase(Locale.ROOT))).toList();

    Map<String, String> datasetId = new HashMap<>();
    List<String> ids = new ArrayList<>();
    for (Dataset d : datasets) {
      datasetId.put(d.name().toLowerCase(Locale.ROOT), "d" + ids.size());
      ids.add("d" + ids.size());
    }
    List<Edge> edges = new ArrayList<>();
    List<String> activityIds = new ArrayList<>();
    for (ScheduledActivity a : activities) {
      String id = "a" + activityIds.size();
      activityIds.add(id);
      ids.add(id);
      for (String in : a.activity().inputs()) {
        Optional.ofNullable(datasetId.get(in.toLowerCase(Locale.ROOT))).ifPresent(d -> edges.add(new Edge(d, id)));
      }
      for (String out : a.activity().outputs()) {
        Optional.ofNullable(datasetId.get(out.toLowerCase(Locale.ROOT))).ifPresent(d -> edges.add(new Edge(id, d)));
      }
    }
    Layout layout = LayeredLayout.layout(ids, edges);

    Map<ActivityRef, ActivityWindow> latest = new HashMap<>();
    for (ScheduledActivity a : activities) {
      monitor.history().latestDueWindow(a.ref()).ifPresent(win -> latest.put(a.ref(), win));
    }
    List<Store.PipelinePause> pauses = monitor.store().pauses();
    List<ActivityNode> activityNodes = new ArrayList<>();
    for (int i = 0; i < activities.size(); i++) {
      ScheduledActivity a = activities.get(i);
      activityNodes.add(new ActivityNode(layout.node(activityIds.get(i)), a.pipeline().name(), a.activity().name(),
          a.activity().type(), a.pipeline().paused() || pause(pauses, a.pipeline()) != null, latest.get(a.ref())));
    }
    List<DatasetNode> datasetNodes = new ArrayList<>();
    for (Dataset d : datasets) {
      datasetNodes.add(datasetNode(monitor, view, activities, latest, d,
          layout.node(datasetId.get(d.name().toLowerCase(Locale.ROOT)))));
    }
    List<PipelineRow> pipelines = view.factory().pipelines().stream()
        .sorted(Comparator.comparing(p -> p.name().toLowerCase(Locale.ROOT)))
        .map(p -> new PipelineRow(p.name(), p.paused(), pause(pauses, p),
            (int) activities.stream().filter(a -> a.pipeline() == p).count()))
        .toList();
    return new Model(layout, datasetNodes, activityNodes, pipelines);
  }

  /**
   * A produced dataset shows its producer's latest window past its scheduled time; an external one the
   * stored check of its slice for the latest such window of its consumers (the last slice of that
   * window's dependency period), or {@code external} when that slice was never checked.
   */
  private static DatasetNode datasetNode(Monitor monitor, FactoryView view, List<ScheduledActivity> activities,
      Map<ActivityRef, ActivityWindow> latest, Dataset d, Node node) {
    Optional<ScheduledActivity> producer = view.producerOf(d.name());
    if (producer.isPresent() && !d.external()) {
      ScheduledActivity p = producer.get();
      ActivityWindow w = latest.get(p.ref());
      if (w == null) {
        return new DatasetNode(node, d.name(), false, null, "no windows", null, null);
      }
      return new DatasetNode(node, d.name(), false, w.state(), w.state().toString(), w.window(),
          Fmt.windowUrl(p.pipeline().name(), p.activity().name(), w.key().windowStart()));
    }
    if (!d.external()) {
      return new DatasetNode(node, d.name(), false, null, "not produced", null, null);
    }
    ScheduledActivity consumer = null;
    ActivityWindow consumerWindow = null;
    for (ScheduledActivity a : activities) {
      ActivityWindow w = latest.get(a.ref());
      if (w != null && inputIndex(a, d.name()) >= 0
          && (consumerWindow == null || w.key().windowStart().isAfter(consumerWindow.key().windowStart()))) {
        consumer = a;
        consumerWindow = w;
      }
    }
    if (consumer == null) {
      return new DatasetNode(node, d.name(), true, null, "external", null, null);
    }
    int i = inputIndex(consumer, d.name());
    InputDependency dependency = i < consumer.activity().dependencies().size()
        ? consumer.activity().dependencies().get(i) : null;
    List<TimeWindow> slices = DependencyPeriods.of(consumerWindow.window(), dependency, d.availability()).slices();
    String link = Fmt.windowUrl(consumer.pipeline().name(), consumer.activity().name(),
        consumerWindow.key().windowStart());
    if (slices.isEmpty()) {
      return new DatasetNode(node, d.name(), true, null, "external", null, link);
    }
    TimeWindow slice = slices.get(slices.size() - 1);
    Optional<DatasetSlice> checked = monitor.store().datasetSlice(d.name(), slice.start());
    return checked
        .map(s -> new DatasetNode(node, d.name(), true, s.state(), s.state().toString(), slice, link))
        .orElseGet(() -> new DatasetNode(node, d.name(), true, null, "external", slice, link));
  }

  private static int inputIndex(ScheduledActivity a, String dataset) {
    List<String> inputs = a.activity().inputs();
    for (int i = 0; i < inputs.size(); i++) {
      if (inputs.get(i).equalsIgnoreCase(dataset)) {
        return i;
      }
    }
    return -1;
  }

  private static Store.PipelinePause pause(List<Store.PipelinePause> pauses, Pipeline p) {
    return pauses.stream().filter(x -> x.pipeline().equalsIgnoreCase(p.name())).findFirst().orElse(null);
  }

  static String cut(String s) {
    return s.length() <= LABEL_CHARS ? s : s.substring(0, LABEL_CHARS - 1) + "…";
  }
}
