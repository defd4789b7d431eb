package dev.adf.web;

import dev.adf.orchestrator.definition.Pipeline;
import dev.adf.orchestrator.schedule.FactoryView.ScheduledActivity;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.store.Store;
import dev.adf.orchestrator.window.Windows;
import dev.adf.web.strip.Strip;
import dev.adf.web.strip.StripLayout;
import io.javalin.config.RoutesConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The factory overview: every pipeline with its activities, paused or not, counts of windows by
 * status, and each activity's strip of recent windows on a time axis ({@link StripLayout}). Its cost
 * is one aggregate ({@code statusCounts}) plus one bounded strip query per activity with windows.
 */
public final class OverviewPage {
  /** Width of a strip in pixels (the SVG scales down to its cell). */
  static final double STRIP_WIDTH = 1100;
  /** The most windows one strip reads. */
  static final int STRIP_LIMIT = 500;

  private final Supplier<Web> web;

  OverviewPage(Supplier<Web> web) {
    this.web = web;
  }

  /**
   * One activity's row.
   *
   * @param activity the deployed activity
   * @param counts windows by status
   * @param strip its recent windows on a time axis, or null when it has none
   */
  public record ActivityRow(ScheduledActivity activity, Map<WindowStatus, Integer> counts, Strip strip) {}

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

  /**
   * The overview.
   *
   * @param pipelines every deployed pipeline, by name
   * @param token the history's change token when rendered (the live fragment's {@code since})
   * @param live something runs: the body re-renders itself every 2 s while the tab is visible
   */
  public record Model(List<PipelineRow> pipelines, String token, boolean live) {
    /** The live fragment's URL. */
    public String liveUrl() {
      return "/overview/live?since=" + Fmt.q(token);
    }
  }

  void register(RoutesConfig r) {
    r.get("/", ctx -> Html.page(ctx, "overview.jte", web.get().chrome("Factory overview", "overview", "adf windows"),
        model(web.get().monitor.history().pulse())));
    r.get("/overview/live", ctx -> {
      var pulse = web.get().monitor.history().pulse();
      String since = Params.text(ctx, "since");
      if (since != null && since.equals(pulse.token()) && pulse.active() == 0) {
        ctx.status(204); // nothing changed
        return;
      }
      Html.render(ctx, "overview-body.jte", model(pulse));
    });
  }

  private Model model(dev.adf.orchestrator.history.Pulse pulse) {
    Web w = web.get();
    var view = w.monitor.factory();
    var counts = w.monitor.history().statusCounts();
    var pauses = w.monitor.store().pauses();
    Instant now = w.monitor.now();
    List<PipelineRow> rows = new ArrayList<>();
    for (var p : view.factory().pipelines().stream().sorted((a, b) -> a.name().compareToIgnoreCase(b.name())).toList()) {
      List<ActivityRow> acts = new ArrayList<>();
      for (ScheduledActivity a : view.activities()) {
        if (a.pipeline() == p) {
          Map<WindowStatus, Integer> c = counts.getOrDefault(a.ref(), Map.of());
          acts.add(new ActivityRow(a, c, c.isEmpty() ? null : strip(w, a, now)));
        }
      }
      rows.add(new PipelineRow(p.name(), p.paused(),
          pauses.stream().filter(x -> x.pipeline().equalsIgnoreCase(p.name())).findFirst().orElse(null), acts));
    }
    return new Model(rows, pulse.token(), pulse.active() > 0);
  }

  private static Strip strip(Web w, ScheduledActivity a, Instant now) {
    Optional<Instant> end = recentEnd(a, now);
    if (end.isEmpty()) {
      return null;
    }
    Instant from = StripLayout.recentStart(a.grid().frequency(), a.grid().interval(), end.get());
    // A pipeline younger than the range: the strip starts at its first window.
    Instant first = Windows.windowContaining(a.grid(), a.pipeline().start()).start();
    if (first.isAfter(from) && first.isBefore(end.get())) {
      from = first;
    }
    return StripLayout.layout(w.monitor.history().strip(a.ref(), from, end.get(), STRIP_LIMIT), from, end.get(),
        STRIP_WIDTH);
  }

  /**
   * The right edge of an activity's strip: the end of its latest window that has begun by {@code now}
   * (UTC), that is, the grid window containing now, or the pipeline's last window once its active
   * period is over. The windows laid out ahead of the clock (up to a week, for the scheduler) are not
   * "recent" and stay off the strip. The left edge is {@link StripLayout#DEFAULT_WINDOWS} grid windows
   * before it, or the pipeline's first window when that is later. Empty for a pipeline without an
   * active period.
   */
  static Optional<Instant> recentEnd(ScheduledActivity a, Instant now) {
    Pipeline p = a.pipeline();
    if (p.start() == null) {
      return Optional.empty();
    }
    Instant t = now;
    if (p.end() != null && !t.isBefore(p.end())) {
      t = p.end().minusNanos(1);
    }
    if (t.isBefore(p.start())) {
      t = p.start();
    }
    return Optional.of(Windows.windowContaining(a.grid(), t).end());
  }
}
