package dev.adf.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.adf.orchestrator.actions.Selection;
import dev.adf.orchestrator.history.HistoryJson;
import dev.adf.orchestrator.history.WindowPage;
import dev.adf.orchestrator.store.ActivityWindow;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The JSON API, for scripts and other tools, behind the same {@link Guard} as the pages (POSTs need
 * the CSRF token from {@code GET /api/csrf} in the {@value Guard#CSRF_HEADER} header, and a JSON body):
 *
 * <ul>
 *   <li>{@code GET /api/windows}: the list page's query parameters; {@code {windows: [...], total,
 *       offset, limit}} with {@code adf windows --format json}'s fields;
 *   <li>{@code GET /api/runs?pipeline=&activity=&window=}: the attempts, as {@code adf runs --format json};
 *   <li>{@code GET /api/why?pipeline=&activity=&window=}: {@code {why, chain: [{window, status, line}]}};
 *   <li>{@code POST /api/rerun}, {@code /api/skip}, {@code /api/pause}, {@code /api/resume}: bodies named
 *       like the CLI options ({@code pipeline}, {@code activity}, {@code window} or {@code from}/{@code to},
 *       {@code upstream}, {@code terminate}) and {@code preview: true} for the preview; the answer lists
 *       the windows changed (or to be changed).
 * </ul>
 * Errors: 400 bad input, 404 unknown pipeline/activity/window, 409 refused (nothing changed), with
 * {@code {status, error}}.
 */
final class Api {
  private final Supplier<Web> web;

  Api(Supplier<Web> web) {
    this.web = web;
  }

  void register(RoutesConfig r) {
    r.get("/api/csrf", ctx -> json(ctx, Json.MAPPER.createObjectNode().put("header", Guard.CSRF_HEADER)
        .put("token", web.get().guard.csrf())));
    r.get("/api/windows", ctx -> {
      WindowPage page = web.get().monitor.history().windows(Params.windowFilter(ctx));
      ObjectNode out = Json.MAPPER.createObjectNode();
      out.set("windows", HistoryJson.windows(page.windows()));
      out.put("total", page.total()).put("offset", page.offset()).put("limit", page.limit());
      json(ctx, out);
    });
    r.get("/api/runs", ctx -> {
      ActivityWindow w = window(ctx);
      json(ctx, HistoryJson.attempts(web.get().monitor.store().attempts(w.key())));
    });
    r.get("/api/why", ctx -> {
      ActivityWindow w = window(ctx);
      var chain = web.get().monitor.why().chain(w.key().pipeline(), w.key().activity(), w.key().windowStart(),
          web.get().monitor.now());
      ObjectNode out = Json.MAPPER.createObjectNode().put("why", chain.get(0).line());
      ArrayNode steps = out.putArray("chain");
      for (var s : chain) {
        steps.addObject().put("pipeline", s.window().key().pipeline()).put("activity", s.window().key().activity())
            .put("windowStart", s.window().key().windowStart().toString())
            .put("status", s.window().state().status().name())
            .put("substatus", s.window().state().substatus() == null ? null : s.window().state().substatus().adfName())
            .put("line", s.line());
      }
      json(ctx, out);
    });
    r.post("/api/rerun", ctx -> action(ctx, "rerun"));
    r.post("/api/skip", ctx -> action(ctx, "skip"));
    r.post("/api/pause", ctx -> action(ctx, "pause"));
    r.post("/api/resume", ctx -> action(ctx, "resume"));
  }

  private ActivityWindow window(Context ctx) {
    String pipeline = Params.required(ctx, "pipeline");
    String activity = Params.required(ctx, "activity");
    Instant start = Params.parseTime("window", Params.required(ctx, "window"));
    return web.get().monitor.actions().select(Selection.window(pipeline, activity, start)).get(0);
  }

  private void action(Context ctx, String verb) {
    String ct = ctx.contentType();
    if (ct == null || !ct.startsWith("application/json")) {
      throw new BadRequest("send a JSON body with Content-Type: application/json");
    }
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(ctx.body());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new BadRequest("the body is not JSON: " + e.getOriginalMessage());
    }
    if (body == null || !body.isObject()) {
      throw new BadRequest("the body must be a JSON object");
    }
    String pipeline = text(body, "pipeline", true);
    String action = verb;
    List<Selection> selections = new ArrayList<>();
    if (verb.equals("rerun") || verb.equals("skip")) {
      String activity = text(body, "activity", true);
      String window = text(body, "window", false);
      String from = text(body, "from", false);
      String to = text(body, "to", false);
      if (window != null && (from != null || to != null)) {
        throw new BadRequest("give either window, or from and to, not both");
      }
      if (window != null) {
        selections.add(Selection.window(pipeline, activity, Params.parseTime("window", window)));
      } else if (from != null && to != null) {
        Instant f = Params.parseTime("from", from);
        Instant t = Params.parseTime("to", to);
        if (!f.isBefore(t)) {
          throw new BadRequest("from " + f + " must be before to " + t + " (to is exclusive)");
        }
        selections.add(Selection.range(pipeline, activity, f, t));
      } else {
        throw new BadRequest("give window, or both from and to");
      }
      if (verb.equals("rerun") && bool(body, "upstream")) {
        action = "rerun-upstream";
      }
    } else if (verb.equals("pause") && bool(body, "terminate")) {
      action = "pause-terminate";
    }
    var request = new ActionRoutes.Request(action, selections, pipeline);
    ObjectNode out = Json.MAPPER.createObjectNode().put("action", action).put("command", request.command());
    if (bool(body, "preview")) {
      // Refusals keep their kind: 404 for an unknown pipeline, activity or window, else 409.
      var p = ActionRoutes.previewOrThrow(web.get(), request);
      out.put("preview", true).put("title", p.title()).put("changes", p.changedCount())
          .put("unchanged", p.unchangedCount());
      out.set("windows", HistoryJson.windows(p.changed()));
      ArrayNode notes = out.putArray("notes");
      p.notes().forEach(notes::add);
    } else {
      var res = ActionRoutes.run(web.get(), request, web.get().actor(ctx));
      out.put("preview", false).put("message", res.message()).put("changed", res.changedCount())
          .put("audit", res.audit().id());
      out.set("windows", HistoryJson.windows(res.changed()));
    }
    json(ctx, out);
  }

  private static String text(JsonNode body, String field, boolean required) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new BadRequest("'" + field + "' is required");
      }
      return null;
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new BadRequest("'" + field + "' must be a non-empty string");
    }
    return v.asText().strip();
  }

  private static boolean bool(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return false;
    }
    if (!v.isBoolean()) {
      throw new BadRequest("'" + field + "' must be true or false");
    }
    return v.asBoolean();
  }

  private static void json(Context ctx, JsonNode node) {
    ctx.contentType("application/json").result(Json.string(node));
  }
}
