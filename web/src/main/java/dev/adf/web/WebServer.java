package dev.adf.web;

import dev.adf.engine.http.ErrorBody;
import dev.adf.engine.http.HttpLimits;
import dev.adf.engine.http.HttpServers;
import dev.adf.orchestrator.Orchestrator;
import dev.adf.orchestrator.actions.ActionException;
import dev.adf.orchestrator.cli.MonitoringView;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HttpResponseException;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitoring web view on Javalin (Jetty): pages, htmx fragments, static files from the jar and the
 * JSON API, behind {@link Guard}, with the {@code http.*} limits applied by {@link HttpServers} (as on
 * the engine's Livy API). Errors are answered with a status and one line, JSON {@code {status, error}}
 * under {@code /api/} and plain text elsewhere (400 for a bad parameter or a malformed request, 404 for
 * an unknown window or page, 409 for an action refused, 401/403/405 from the guard, 408 for a request
 * slower than {@code http.readTimeout}, 413 for a body over {@code http.maxBodyBytes}, 431 for a head
 * over {@code http.maxHeaderBytes}); a failure of ours is answered 500 with a pointer to the log, never
 * with a stack trace.
 */
public final class WebServer implements MonitoringView.Served {
  private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

  private final Javalin app;
  private final String url;

  private WebServer(Javalin app, String url) {
    this.app = app;
    this.url = url;
  }

  /**
   * Starts serving with the orchestrator's {@code http.*} settings.
   *
   * @param orchestrator the opened orchestrator whose history is shown (not closed by {@link #close})
   * @param options bind address, port (0 for a free one) and token (null: none; only on loopback)
   * @throws IllegalArgumentException for a non-loopback address without a token
   * @throws dev.adf.orchestrator.cli.UserException when the port cannot be bound
   */
  public static WebServer start(Orchestrator orchestrator, MonitoringView.Options options) {
    return start(orchestrator, options, orchestrator.settings().http());
  }

  /** As {@link #start(Orchestrator, MonitoringView.Options)}, with other limits (tests). */
  static WebServer start(Orchestrator orchestrator, MonitoringView.Options options, HttpLimits limits) {
    Monitor monitor = new Monitor(orchestrator);
    int[] bound = new int[1];
    Guard[] guard = new Guard[1];
    Javalin app = Javalin.create(config -> {
      HttpServers.configure(config, options.bind(), options.port(), limits, WebServer::errorBody);
      config.http.generateEtags = false;
      routes(config.routes, () -> guard[0], monitor, limits);
    });
    try {
      app.start();
    } catch (RuntimeException e) {
      throw new dev.adf.orchestrator.cli.UserException("cannot listen on " + options.bind() + ":" + options.port()
          + " (" + rootMessage(e) + "): choose another --port, or stop what uses it",
          dev.adf.orchestrator.cli.ExitCodes.FAILED);
    }
    bound[0] = app.port();
    guard[0] = new Guard(options.bind(), bound[0], options.token());
    String host = options.bind().contains(":") ? "[" + options.bind() + "]" : options.bind();
    if (host.equals("0.0.0.0") || host.equals("[::]")) {
      host = "127.0.0.1";
    }
    String url = "http://" + host + ":" + bound[0] + "/" + (options.token() == null ? "" : "?token=" + options.token());
    LOG.info("web view serving {} on {}:{}", orchestrator.home(), options.bind(), bound[0]);
    return new WebServer(app, url);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** Jetty's own errors (before the routes run) in the shape of {@link #error}. */
  private static ErrorBody.Rendered errorBody(String path, int status, String message) {
    if (path.startsWith("/api/")) {
      return new ErrorBody.Rendered("application/json",
          Json.string(Map.of("status", status, "error", message)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return new ErrorBody.Rendered("text/plain; charset=utf-8",
        (status + " " + message).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static void routes(RoutesConfig r, java.util.function.Supplier<Guard> guard, Monitor monitor,
      HttpLimits limits) {
    Web[] web = new Web[1];
    r.before(ctx -> {
      Guard g = guard.get();
      if (g == null) {
        throw new HttpResponseException(503, "starting");
      }
      if (web[0] == null) {
        web[0] = new Web(monitor, g);
      }
      try {
        g.check(ctx);
        if (ctx.method() == io.javalin.http.HandlerType.POST) {
          // Read (bounded by http.maxBodyBytes, timed by http.readTimeout) and cache the body here, so
          // that a body too large, too slow or cut short is answered 413, 408 or 400 in this view's shape.
          ctx.bodyAsBytes();
        }
      } catch (HttpResponseException e) {
        throw e;
      } catch (Exception e) { // Javalin (Kotlin) lets Jetty's IOException through undeclared
        var client = HttpServers.clientFailure(e, limits);
        if (client.isPresent()) {
          throw new HttpResponseException(client.get().status(), client.get().message());
        }
        throw e;
      }
    });
    Pages pages = new Pages(() -> web[0]);
    pages.register(r);
    r.get("/static/htmx.min.js", ctx -> resource(ctx, "/META-INF/resources/webjars/htmx.org/2.0.10/dist/htmx.min.js",
        "text/javascript"));
    r.get("/static/app.js", ctx -> resource(ctx, "/web/app.js", "text/javascript"));
    r.get("/static/app.css", ctx -> resource(ctx, "/web/app.css", "text/css"));
    r.exception(BadRequest.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
    r.exception(ActionException.class, (e, ctx) -> error(ctx,
        e.kind() == ActionException.Kind.NOT_FOUND ? 404 : 409, e.getMessage()));
    r.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, e.getMessage()));
    r.exception(io.javalin.http.RedirectResponse.class, (e, ctx) -> ctx.status(e.getStatus()).result(""));
    r.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(),
        e.getStatus() == 413 ? HttpServers.message(413, null, limits) : e.getMessage()));
    r.exception(Exception.class, (e, ctx) -> {
      var client = HttpServers.clientFailure(e, limits);
      if (client.isPresent()) {
        LOG.debug("web request {} {} refused: {}", ctx.method(), ctx.path(), client.get().message());
        error(ctx, client.get().status(), client.get().message());
        return;
      }
      LOG.error("web request {} {} failed", ctx.method(), ctx.path(), e);
      error(ctx, 500, "the web view failed on this request; details are in the log (logs/adf.log)");
    });
    r.error(404, ctx -> {
      if (ctx.result() == null || ctx.result().isEmpty() || ctx.result().startsWith("Endpoint ")
          || ctx.result().equals("Not Found")) {
        error(ctx, 404, "no page at " + ctx.path() + "; start at /");
      }
    });
  }

  /** One-line errors: JSON under /api, plain text elsewhere (escaped by the browser as text). */
  static void error(Context ctx, int status, String message) {
    ctx.status(status);
    if (ctx.path().startsWith("/api/")) {
      ctx.contentType("application/json").result(Json.string(Map.of("status", status, "error", String.valueOf(message))));
    } else {
      ctx.contentType("text/plain; charset=utf-8").result(status + " " + message);
    }
  }

  private static void resource(Context ctx, String path, String type) throws IOException {
    try (InputStream in = WebServer.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("resource " + path + " is missing from the jar");
      }
      ctx.contentType(type + "; charset=utf-8").header("Cache-Control", "max-age=3600").result(in.readAllBytes());
    }
  }

  /** The bound port. */
  public int port() {
    return app.port();
  }

  @Override
  public String url() {
    return url;
  }

  @Override
  public void close() {
    app.stop();
  }
}
