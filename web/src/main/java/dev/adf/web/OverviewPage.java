package dev.adf.web;

import dev.adf.orchestrator.schedule.FactoryView.ScheduledActivity;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.store.Store;
import io.javalin.config.RoutesConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The factory overview: every pipeline with its activities, paused or not, and counts of windows by status. */
public final class OverviewPage {
  private final Supplier<Web> web;

  OverviewPage(Supplier<Web> web) {
    this.web = web;
  }

  /**
   * One activity's row.
   *
   * @param activity the deployed activity
   * @param counts windows by status
   */
  public record ActivityRow(ScheduledActivity activity, Map<WindowStatus, Integer> counts) {}

  /**
   * One pipeline.
   *
   * @param name its name
   * @param pausedInJson {@code isPaused} in its JSON
   * @param pausedSince the run-time pause (adf pause), or null
   * @param activities its scheduled activities
   */
  public record PipelineRow(String name, boolean pausedInJson, Store.PipelinePause pausedSince,
      List<ActivityRow> activities) {}

  public record Model(List<PipelineRow> pipelines) {}

  void register(RoutesConfig r) {
    r.get("/", ctx -> {
      Web w = web.get();
      var view = w.monitor.factory();
      var counts = w.monitor.history().statusCounts();
      var pauses = w.monitor.store().pauses();
      List<PipelineRow> rows = new ArrayList<>();
      for (var p : view.factory().pipelines().stream().sorted((a, b) -> a.name().compareToIgnoreCase(b.name())).toList()) {
        List<ActivityRow> acts = new ArrayList<>();
        for (ScheduledActivity a : view.activities()) {
          if (a.pipeline() == p) {
            acts.add(new ActivityRow(a, counts.getOrDefault(a.ref(), Map.of())));
          }
        }
        rows.add(new PipelineRow(p.name(), p.paused(),
            pauses.stream().filter(x -> x.pipeline().equalsIgnoreCase(p.name())).findFirst().orElse(null), acts));
      }
      Html.page(ctx, "overview.jte", w.chrome("Factory overview", "overview", "adf windows"), new Model(rows));
    });
  }
}
