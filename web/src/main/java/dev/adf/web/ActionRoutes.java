package dev.adf.web;

import dev.adf.orchestrator.actions.ActionException;
import dev.adf.orchestrator.actions.Selection;
import dev.adf.orchestrator.actions.WindowActions;
import dev.adf.orchestrator.actions.WindowActions.Outcome;
import dev.adf.orchestrator.definition.Pipeline;
import dev.adf.orchestrator.history.AuditEntry;
import dev.adf.orchestrator.store.ActivityWindow;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The actions of the Monitoring app, each previewed first: {@code GET /actions/preview} says exactly
 * which windows an action will change (and changes nothing); {@code POST /actions/run} does it through
 * {@link WindowActions}, the code {@code adf rerun/skip/pause/resume} run, and records it in the audit
 * log. Also used by the JSON API ({@link Api}).
 *
 * <p>Parameters: {@code action} (rerun, rerun-upstream, skip, pause, pause-terminate, resume); the
 * windows as {@code w=PIPELINE|ACTIVITY|START} (repeatable: a selection from the list), or {@code
 * pipeline}, {@code activity} and {@code window} (one) or {@code from}/{@code to} (a range); for pause
 * and resume, {@code pipeline}.
 */
public final class ActionRoutes {
  /** The most windows a preview lists by name; the counts are always whole. */
  static final int MAX_LISTED = 200;

  private final Supplier<Web> web;

  ActionRoutes(Supplier<Web> web) {
    this.web = web;
  }

  void register(RoutesConfig r) {
    r.get("/actions/cancel", ctx -> ctx.html(""));
    r.get("/actions/preview", ctx -> Html.render(ctx, "action-preview.jte", preview(web.get(), request(ctx))));
    r.post("/actions/run", ctx -> {
      Request request = request(ctx);
      try {
        Result result = run(web.get(), request, web.get().actor(ctx));
        ctx.header("HX-Trigger", "adf-changed");
        Html.render(ctx, "action-result.jte", result);
      } catch (ActionException e) {
        // An HTML fragment of ours (escaped), swapped in by htmx (responseHandling in the layout).
        ctx.status(e.kind() == ActionException.Kind.NOT_FOUND ? 404 : 409);
        Html.render(ctx, "action-preview.jte", new Preview(request, "Refused", List.of(), 0, 0, List.of(),
            e.getMessage()));
      }
    });
  }

  /** One action request, parsed. */
  public record Request(String action, List<Selection> selections, String pipeline) {
    public boolean onWindows() {
      return action.startsWith("rerun") || action.equals("skip");
    }

    public boolean upstream() {
      return action.equals("rerun-upstream");
    }

    public boolean terminate() {
      return action.equals("pause-terminate");
    }

    /** The form fields that repeat this request (for the preview's confirm button). */
    public List<String[]> fields() {
      List<String[]> out = new ArrayList<>();
      out.add(new String[] {"action", action});
      if (onWindows()) {
        for (Selection s : selections) {
          if (s.single()) {
            out.add(new String[] {"w", s.pipeline() + "|" + s.activity() + "|" + s.from()});
          } else {
            out.add(new String[] {"range", s.pipeline() + "|" + s.activity() + "|" + s.from() + "|" + s.to()});
          }
        }
      } else {
        out.add(new String[] {"pipeline", pipeline});
      }
      return out;
    }

    /** The equivalent command line(s). */
    public String command() {
      if (!onWindows()) {
        return switch (action) {
          case "pause" -> "adf pause " + Fmt.arg(pipeline);
          case "pause-terminate" -> "adf pause " + Fmt.arg(pipeline) + " --terminate";
          default -> "adf resume " + Fmt.arg(pipeline);
        };
      }
      String verb = action.equals("skip") ? "adf skip" : "adf rerun";
      List<String> lines = new ArrayList<>();
      for (Selection s : selections) {
        lines.add(verb + " --pipeline " + Fmt.arg(s.pipeline()) + " --activity " + Fmt.arg(s.activity())
            + (s.single() ? " --window " + s.from() : " --from " + s.from() + " --to " + s.to())
            + (upstream() ? " --upstream" : ""));
      }
      return lines.size() <= 3 ? String.join("; ", lines)
          : String.join("; ", lines.subList(0, 3)) + "; … (" + lines.size() + " commands)";
    }

    public String target() {
      if (!onWindows()) {
        return pipeline;
      }
      return selections.size() == 1 ? selections.get(0).toString()
          : selections.size() + " selections: " + selections.get(0) + ", …";
    }
  }

  static Request request(Context ctx) {
    String action = Params.required(ctx, "action").toLowerCase(Locale.ROOT);
    if (!List.of("rerun", "rerun-upstream", "skip", "pause", "pause-terminate", "resume").contains(action)) {
      throw new BadRequest("action '" + action + "' is not one of rerun, rerun-upstream, skip, pause,"
          + " pause-terminate, resume");
    }
    if (!action.startsWith("rerun") && !action.equals("skip")) {
      return new Request(action, List.of(), Params.required(ctx, "pipeline"));
    }
    List<Selection> selections = new ArrayList<>();
    for (String w : Params.values(ctx, "w")) {
      String[] p = w.split("\\|", -1);
      if (p.length != 3) {
        throw new BadRequest("w '" + w + "' is not PIPELINE|ACTIVITY|WINDOWSTART");
      }
      selections.add(Selection.window(p[0], p[1], Params.parseTime("w", p[2])));
    }
    for (String w : Params.values(ctx, "range")) {
      String[] p = w.split("\\|", -1);
      if (p.length != 4) {
        throw new BadRequest("range '" + w + "' is not PIPELINE|ACTIVITY|FROM|TO");
      }
      selections.add(range(p[0], p[1], Params.parseTime("range", p[2]), Params.parseTime("range", p[3])));
    }
    String pipeline = Params.text(ctx, "pipeline");
    String activity = Params.text(ctx, "activity");
    if (selections.isEmpty()) {
      if (pipeline == null || activity == null) {
        throw new BadRequest("select windows first: tick them in the list, or give pipeline, activity and window"
            + " (or from and to)");
      }
      Instant window = Params.time(ctx, "window");
      Instant from = Params.time(ctx, "from");
      Instant to = Params.time(ctx, "to");
      if (window != null && (from != null || to != null)) {
        throw new BadRequest("give either window, or from and to, not both");
      }
      if (window != null) {
        selections.add(Selection.window(pipeline, activity, window));
      } else if (from != null && to != null) {
        selections.add(range(pipeline, activity, from, to));
      } else {
        throw new BadRequest("give window, or both from and to (to is exclusive)");
      }
    }
    return new Request(action, selections, pipeline);
  }

  private static Selection range(String pipeline, String activity, Instant from, Instant to) {
    if (!from.isBefore(to)) {
      throw new BadRequest("from " + from + " must be before to " + to + " (to is exclusive)");
    }
    return Selection.range(pipeline, activity, from, to);
  }

  /**
   * What an action will do.
   *
   * @param request the request
   * @param title one line: "Rerun 3 windows", "Pause pipeline X"
   * @param changed the windows it will change, at most {@link #MAX_LISTED}
   * @param changedCount how many it will change
   * @param unchangedCount how many selected windows it leaves as they are
   * @param notes further effects (running attempts canceled, Waiting windows held)
   * @param refusal why it would be refused (nothing would change), or null
   */
  public record Preview(Request request, String title, List<ActivityWindow> changed, int changedCount, int unchangedCount,
      List<String> notes, String refusal) {
    public String command() {
      return request.command();
    }

    public List<String[]> fields() {
      return request.fields();
    }
  }

  static Preview preview(Web w, Request r) {
    try {
      return previewOrThrow(w, r);
    } catch (ActionException e) {
      return new Preview(r, "Refused", List.of(), 0, 0, List.of(), e.getMessage());
    }
  }

  /**
   * What an action will do.
   *
   * @throws ActionException when it would be refused (its kind tells an unknown pipeline, activity or
   *     window from a refusal)
   */
  static Preview previewOrThrow(Web w, Request r) {
    WindowActions actions = w.monitor.actions();
    if (r.onWindows()) {
      Outcome o = r.action().equals("skip") ? actions.previewSkip(r.selections())
          : actions.previewRerun(r.selections(), r.upstream());
      String verb = switch (r.action()) {
        case "skip" -> "Skip: mark Skipped";
        case "rerun-upstream" -> "Rerun with upstream in pipeline: back to Waiting";
        default -> "Rerun: back to Waiting";
      };
      List<String> notes = new ArrayList<>();
      if (!o.unchanged().isEmpty()) {
        notes.add(o.unchanged().size() + " selected window(s) are left as they are ("
            + (r.action().equals("skip") ? "already Ready or Skipped" : "already Waiting") + ").");
      }
      if (!r.action().equals("skip")) {
        notes.add("Downstream windows that are already Ready stay Ready (as in ADF): rerun them too if they must"
            + " run on the new data.");
      }
      return new Preview(r, verb + " " + o.changed().size() + " window(s)", cap(o.changed()), o.changed().size(),
          o.unchanged().size(), notes, null);
    }
    Pipeline p = actions.pipeline(r.pipeline());
    List<ActivityWindow> running = actions.inProgress(p.name());
    List<String> notes = new ArrayList<>();
    String title;
    switch (r.action()) {
      case "pause" -> {
        title = "Pause pipeline " + p.name();
        notes.add("None of its windows starts until it is resumed; they show Waiting/ActivityResume.");
        if (!running.isEmpty()) {
          notes.add(running.size() + " running attempt(s) go on to their end.");
        }
      }
      case "pause-terminate" -> {
        title = "Pause pipeline " + p.name() + " and terminate its running attempts";
        notes.add("None of its windows starts until it is resumed.");
        notes.add(running.size() + " running attempt(s) are canceled: their engine jobs are stopped and the"
            + " windows end Failed/Canceled.");
      }
      default -> {
        title = "Resume pipeline " + p.name();
        boolean paused = w.monitor.store().pauses().stream().anyMatch(x -> x.pipeline().equalsIgnoreCase(p.name()));
        notes.add(paused ? "Its waiting windows go on at the next scheduling pass."
            : "It is not paused by adf pause" + (p.paused() ? " (it is paused by isPaused in its JSON: redeploy"
                + " it with isPaused false)" : "") + "; nothing changes.");
      }
    }
    List<ActivityWindow> affected = r.action().equals("pause-terminate") ? running : List.of();
    return new Preview(r, title, cap(affected), affected.size(), 0, notes, null);
  }

  private static List<ActivityWindow> cap(List<ActivityWindow> windows) {
    return windows.size() <= MAX_LISTED ? windows : windows.subList(0, MAX_LISTED);
  }

  /**
   * What an action did.
   *
   * @param request the request
   * @param message one line
   * @param changed the windows it changed (at most {@link #MAX_LISTED})
   * @param changedCount how many it changed
   * @param audit the audit entry recorded
   */
  public record Result(Request request, String message, List<ActivityWindow> changed, int changedCount, AuditEntry audit) {}

  /**
   * Runs the action and records it in the audit log, refused or not.
   *
   * @throws ActionException when it is refused (also recorded)
   */
  static Result run(Web w, Request r, String actor) {
    WindowActions actions = w.monitor.actions();
    Instant now = w.monitor.now();
    String label = switch (r.action()) {
      case "rerun-upstream" -> "rerun --upstream";
      case "pause-terminate" -> "pause --terminate";
      default -> r.action();
    };
    try {
      Result result;
      if (r.onWindows()) {
        Outcome o = r.action().equals("skip") ? actions.skip(r.selections(), now)
            : actions.rerun(r.selections(), r.upstream(), now);
        String message = o.changed().size() + " window(s) " + (r.action().equals("skip") ? "skipped" : "sent back to"
            + " Waiting") + ", " + o.unchanged().size() + " left as they are"
            + (o.slicesReset().isEmpty() ? "" : "; " + o.slicesReset().size() + " failed external slice(s) checked again");
        result = new Result(r, message, cap(o.changed()), o.changed().size(), null);
      } else if (r.action().equals("resume")) {
        Pipeline p = actions.pipeline(r.pipeline());
        boolean was = actions.resume(p.name());
        result = new Result(r, was ? "resumed " + p.name() + ": its windows go on at the next pass"
            : p.name() + " was not paused by adf pause; nothing changed", List.of(), 0, null);
      } else {
        boolean terminate = r.terminate();
        Pipeline p = actions.pause(r.pipeline(), terminate, now);
        List<ActivityWindow> running = actions.inProgress(p.name());
        String message = "paused " + p.name() + (terminate ? " (terminate)" : "") + ": none of its windows starts until"
            + " it is resumed";
        if (terminate && !running.isEmpty()) {
          var canceled = w.monitor.orchestrator().cancelWithoutScheduler(p.name());
          message += canceled.isPresent()
              ? "; " + canceled.getAsInt() + " attempt(s) InProgress with no scheduler running were canceled now"
              : "; the running scheduler cancels " + running.size() + " running attempt(s) at its next pass";
        }
        result = new Result(r, message, cap(running), running.size(), null);
      }
      AuditEntry entry = w.monitor.history().record(new AuditEntry(0, now, actor, label, r.target(), r.command(),
          result.changedCount(), result.message()));
      return new Result(result.request(), result.message(), result.changed(), result.changedCount(), entry);
    } catch (ActionException e) {
      w.monitor.history().record(new AuditEntry(0, now, actor, label, r.target(), r.command(), 0,
          "refused: " + e.getMessage()));
      throw e;
    }
  }
}
