package dev.adf.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.adf.activities.expression.ExpressionException;
import dev.adf.activities.expression.Expressions;
import dev.adf.activities.expression.SliceVariables;
import dev.adf.orchestrator.actions.ActionException;
import dev.adf.orchestrator.actions.Selection;
import dev.adf.orchestrator.actions.Why;
import dev.adf.orchestrator.definition.Dataset;
import dev.adf.orchestrator.definition.InputDependency;
import dev.adf.orchestrator.history.WindowEvent;
import dev.adf.orchestrator.schedule.FactoryView;
import dev.adf.orchestrator.schedule.FactoryView.ScheduledActivity;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.status.WindowSubstatus;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.Attempt;
import dev.adf.orchestrator.store.Store.ActivityRef;
import dev.adf.orchestrator.store.WindowKey;
import dev.adf.orchestrator.validation.Secrets;
import dev.adf.orchestrator.window.DependencyPeriods;
import dev.adf.orchestrator.window.TimeWindow;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The window page (ADF's Activity Window Explorer, and more): status, the scheduler's why line and
 * the whole blocking chain to its root cause, the input slices of its dependency periods, the
 * downstream windows that consume its output, every attempt, the event history, the resolved
 * variables, and the actions. {@code /window/live} re-renders the changing part while the window is
 * not settled.
 */
public final class WindowPage {
  /** The most events shown (the newest ones). */
  static final int MAX_EVENTS = 200;
  /** The most input slices listed per input (a monthly window over minute slices has many). */
  static final int MAX_SLICES = 100;
  /** The most downstream windows listed. */
  static final int MAX_DOWNSTREAM = 100;

  private final Supplier<Web> web;

  WindowPage(Supplier<Web> web) {
    this.web = web;
  }

  void register(RoutesConfig r) {
    r.get("/window", ctx -> {
      Model m = model(find(web.get(), ctx));
      Html.page(ctx, "window.jte", web.get().chrome(m.window().key().activity() + " "
          + Fmt.time(m.window().key().windowStart()), "windows", m.command()), m);
    });
    r.get("/window/live", ctx -> {
      String since = Params.text(ctx, "since");
      Web w = web.get();
      ActivityWindow current = find(w, ctx);
      if (since != null && since.equals(version(current)) && current.state().status() != WindowStatus.InProgress) {
        ctx.status(204);
        return;
      }
      Html.render(ctx, "window-live.jte", model(current));
    });
  }

  /**
   * One input slice of the window's dependency period.
   *
   * @param dataset the input dataset
   * @param slice the slice
   * @param status its status: the producing window's state, the external slice's check, or why none
   * @param producer the window producing it, or null (external, or none laid out)
   */
  public record InputSlice(String dataset, TimeWindow slice, String status, WindowKey producer) {}

  /**
   * An attempt as shown.
   *
   * @param attempt as stored
   * @param logUrl the log view's link, or null when the attempt has no log
   */
  public record AttemptRow(Attempt attempt, String logUrl) {}

  /**
   * What the window page shows.
   *
   * @param window the window
   * @param activity its deployed activity, or null when no longer deployed
   * @param chain its blocking chain, the window itself first
   * @param inputs the input slices of its dependency periods (at most {@link #MAX_SLICES} per input)
   * @param downstream windows that consume its output slice
   * @param attempts every attempt, oldest first
   * @param events its status changes, oldest first
   * @param variables the system variables of the window (name, value)
   * @param typeProperties the activity's typeProperties evaluated for this window, secrets redacted,
   *     as indented JSON (or the evaluation's error)
   * @param policy the activity's policy, one line
   * @param live the live part polls
   * @param version the window's row version and attempt count, the live fragment's {@code since}
   * @param command the equivalent {@code adf} commands
   */
  public record Model(ActivityWindow window, ScheduledActivity activity, List<Why.Step> chain,
      List<InputSlice> inputs, List<ActivityWindow> downstream, List<AttemptRow> attempts, List<WindowEvent> events,
      List<String[]> variables, String typeProperties, String policy, boolean live, String version, String command) {

    public String startIso() {
      return Fmt.iso(window.key().windowStart());
    }

    public String selectionQuery() {
      return "pipeline=" + Fmt.q(window.key().pipeline()) + "&activity=" + Fmt.q(window.key().activity())
          + "&window=" + Fmt.q(startIso());
    }

    public String liveUrl() {
      return "/window/live?pipeline=" + Fmt.q(window.key().pipeline()) + "&activity=" + Fmt.q(window.key().activity())
          + "&start=" + Fmt.q(startIso()) + "&since=" + Fmt.q(version);
    }

    /** The step whose link is the root cause: the last one. */
    public boolean isRoot(Why.Step s) {
      return chain.indexOf(s) == chain.size() - 1 && chain.size() > 1;
    }
  }

  static ActivityWindow find(Web w, Context ctx) {
    String pipeline = Params.required(ctx, "pipeline");
    String activity = Params.required(ctx, "activity");
    Instant start = Params.parseTime("start", Params.required(ctx, "start"));
    return w.monitor.actions().select(Selection.window(pipeline, activity, start)).get(0);
  }

  private static String version(ActivityWindow w) {
    return w.rowVersion() + "." + w.attempts();
  }

  private Model model(ActivityWindow window) {
    Web w = web.get();
    Instant now = w.monitor.now();
    FactoryView view = w.monitor.factory();
    ScheduledActivity a = view.activity(window.key().pipeline(), window.key().activity()).orElse(null);
    List<Why.Step> chain;
    try {
      chain = w.monitor.why().chain(window.key().pipeline(), window.key().activity(), window.key().windowStart(), now);
    } catch (ActionException | IllegalArgumentException e) {
      chain = List.of(new Why.Step(window, window.key() + " is " + window.state() + ": " + e.getMessage(), null));
    }
    List<AttemptRow> attempts = new ArrayList<>();
    for (Attempt at : w.monitor.store().attempts(window.key())) {
      attempts.add(new AttemptRow(at, at.logLocation() == null ? null
          : "/log?" + "pipeline=" + Fmt.q(window.key().pipeline()) + "&activity=" + Fmt.q(window.key().activity())
              + "&start=" + Fmt.q(Fmt.iso(window.key().windowStart())) + "&attempt=" + at.number()));
    }
    List<String[]> variables = List.of(
        new String[] {"WindowStart", Fmt.iso(window.key().windowStart())},
        new String[] {"WindowEnd", Fmt.iso(window.windowEnd())},
        new String[] {"SliceStart", Fmt.iso(window.key().windowStart())},
        new String[] {"SliceEnd", Fmt.iso(window.windowEnd())});
    String typeProperties = a == null ? "(the activity is no longer deployed)" : resolved(a, window);
    String policy = a == null ? "" : policy(a);
    boolean live = window.state().status() == WindowStatus.InProgress
        || window.state().substatus() == WindowSubstatus.ComputeResources
        || (window.state().status() == WindowStatus.Waiting && a != null && due(a, window, now));
    String command = "adf runs --pipeline " + Fmt.arg(window.key().pipeline()) + " --activity "
        + Fmt.arg(window.key().activity()) + " --window " + window.key().windowStart() + "   ·   adf why --pipeline "
        + Fmt.arg(window.key().pipeline()) + " --activity " + Fmt.arg(window.key().activity()) + " --window "
        + window.key().windowStart();
    return new Model(window, a, chain, a == null ? List.of() : inputs(w, view, a, window),
        a == null ? List.of() : downstream(w, view, a, window), attempts, w.monitor.history().events(window.key(),
            MAX_EVENTS), variables, typeProperties, policy, live, version(window), command);
  }

  private static boolean due(ScheduledActivity a, ActivityWindow w, Instant now) {
    if (a.pipeline().paused()) {
      return false;
    }
    Instant due = FactoryView.dueTime(a, w.window()).plus(a.activity().policy().delay());
    return !now.isBefore(due.minus(Duration.ofMinutes(1)));
  }

  private static String policy(ScheduledActivity a) {
    var p = a.activity().policy();
    return "concurrency " + p.concurrency() + ", " + p.executionPriorityOrder() + ", retry " + p.retry()
        + ", longRetry " + p.longRetry()
        + (p.longRetryInterval().isZero() ? "" : ", longRetryInterval " + Fmt.duration(p.longRetryInterval()))
        + ", timeout " + (p.timeout().isZero() ? "none" : Fmt.duration(p.timeout()))
        + (p.delay().isZero() ? "" : ", delay " + Fmt.duration(p.delay()))
        + " (" + p.maxAttempts() + " attempt(s) at most per round)";
  }

  /** The typeProperties with $$ expressions evaluated for this window, secrets redacted. */
  static String resolved(ScheduledActivity a, ActivityWindow w) {
    JsonNode tp = a.activity().typeProperties();
    if (tp == null) {
      return "{}";
    }
    try {
      JsonNode r = Expressions.resolve(tp, SliceVariables.of(w.key().windowStart(), w.windowEnd()));
      return Json.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(Secrets.redacted(r));
    } catch (ExpressionException e) {
      return "(an expression cannot be evaluated for this window: " + Secrets.redact(e.getMessage()) + ")";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<InputSlice> inputs(Web w, FactoryView view, ScheduledActivity a, ActivityWindow window) {
    List<InputSlice> out = new ArrayList<>();
    for (InputDependency input : a.activity().dependencies()) {
      Dataset ds = view.factory().dataset(input.dataset()).orElse(null);
      if (ds == null) {
        out.add(new InputSlice(input.dataset(), window.window(), "not deployed", null));
        continue;
      }
      List<TimeWindow> slices;
      try {
        slices = DependencyPeriods.of(window.window(), input, ds.availability()).slices();
      } catch (ExpressionException e) {
        out.add(new InputSlice(ds.name(), window.window(), "dependency period cannot be evaluated: " + e.getMessage(),
            null));
        continue;
      }
      var producer = ds.external() ? java.util.Optional.<ScheduledActivity>empty() : view.producerOf(ds.name());
      int n = 0;
      for (TimeWindow slice : slices) {
        if (n++ >= MAX_SLICES) {
          out.add(new InputSlice(ds.name(), slice, "… " + (slices.size() - MAX_SLICES) + " more slices", null));
          break;
        }
        if (ds.external()) {
          String status = w.monitor.store().datasetSlice(ds.name(), slice.start())
              .map(s -> s.state() + (s.message() == null ? "" : ": " + Secrets.redact(s.message())))
              .orElse("not checked yet (external)");
          out.add(new InputSlice(ds.name(), slice, status, null));
        } else if (producer.isEmpty()) {
          out.add(new InputSlice(ds.name(), slice, "no activity produces it", null));
        } else {
          WindowKey key = producer.get().key(slice.start());
          var produced = w.monitor.store().window(key);
          String status = produced.map(x -> x.state().toString())
              .orElse("no window of " + producer.get().pipeline().name() + "/" + producer.get().activity().name());
          out.add(new InputSlice(ds.name(), slice, status, produced.isPresent() ? key : null));
        }
      }
    }
    return out;
  }

  /**
   * The windows whose dependency period includes this window's output slice: for each activity
   * reading the output, its windows near this one (an activity window of the consumer's length on
   * either side, or a day, whichever is longer) whose slices contain this window's start.
   */
  private static List<ActivityWindow> downstream(Web w, FactoryView view, ScheduledActivity a, ActivityWindow window) {
    List<ActivityWindow> out = new ArrayList<>();
    for (String output : a.activity().outputs()) {
      for (ScheduledActivity c : view.activities()) {
        for (InputDependency input : c.activity().dependencies()) {
          if (!input.dataset().equalsIgnoreCase(output)) {
            continue;
          }
          Dataset ds = view.factory().dataset(input.dataset()).orElse(null);
          if (ds == null) {
            continue;
          }
          Duration span = Duration.ofDays(31);
          var near = w.monitor.history().strip(new ActivityRef(c.pipeline().name(), c.activity().name()),
              window.key().windowStart().minus(span), window.windowEnd().plus(span), 2000);
          for (ActivityWindow cw : near) {
            try {
              if (DependencyPeriods.of(cw.window(), input, ds.availability()).slices().stream()
                  .anyMatch(s -> s.start().equals(window.key().windowStart()))) {
                out.add(cw);
              }
            } catch (ExpressionException e) {
              // the pass reports it on that window
            }
            if (out.size() >= MAX_DOWNSTREAM) {
              return out;
            }
          }
        }
      }
    }
    return out;
  }
}
