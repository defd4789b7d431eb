package dev.adf.engine.livy;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.adf.engine.http.ErrorBody;
import dev.adf.engine.http.HttpLimits;
import dev.adf.engine.http.HttpServers;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@link EngineBatches} over HTTP as Livy's batch REST API (apache/incubator-livy {@code
 * docs/rest-api.md}), on Javalin (Jetty) with {@link HttpLimits} applied by {@link HttpServers}, as the
 * web view is served:
 *
 * <pre>
 * POST   /batches                   CreateBatchRequest → 201 Batch, Location: /batches/{id}
 *                                   (200 when the name matched a held batch)
 * GET    /batches?from=0&amp;size=100   BatchList
 * GET    /batches/{idOrName}        Batch
 * GET    /batches/{idOrName}/state  {"id":int,"state":string}
 * GET    /batches/{idOrName}/log?from=&amp;size=   BatchLog
 * DELETE /batches/{idOrName}        {"msg":"deleted"}
 * </pre>
 *
 * <p>Errors are {@code {"msg":"…"}}: 400 (malformed JSON, wrong types, unknown field, "File is
 * required.", bad numbers, missing {@code X-Requested-By} on POST and DELETE, a malformed HTTP request),
 * 401 (HTTP basic auth is required on every request, with {@code WWW-Authenticate: Basic realm="adf
 * engine"}), 404 ({@code Session 'N' not found.}, unknown paths), 405 (other methods, with {@code
 * Allow}), 408 (head or body not arrived within {@code http.readTimeout}), 413 (a body over {@code
 * http.maxBodyBytes}, refused from its {@code Content-Length} before it is read), 431 (head over {@code
 * http.maxHeaderBytes}), 500 (never with a stack trace; that goes to the log). A non-numeric id is looked
 * up as the batch name, as on Livy.
 *
 * <p>Binds {@code 127.0.0.1} unless told otherwise; requests run on {@link HttpLimits#threads()}
 * threads, at most {@link HttpLimits#maxConnections()} connections are open.
 */
public final class LivyServer implements AutoCloseable {

  /** Largest request body accepted by default ({@code http.maxBodyBytes}); larger ones get 413. */
  public static final long MAX_BODY_BYTES = HttpLimits.DEFAULT_MAX_BODY_BYTES;

  /** Livy's default port. */
  public static final int DEFAULT_PORT = 8998;

  /** Default number of request threads. */
  public static final int DEFAULT_THREADS = HttpLimits.DEFAULT_THREADS;

  /** The basic-auth realm. */
  public static final String REALM = "adf engine";

  /** The CSRF header required on POST and DELETE, as by Livy with {@code csrf-protection.enabled}. */
  public static final String REQUESTED_BY = "X-Requested-By";

  private static final Logger LOG = LoggerFactory.getLogger(LivyServer.class);
  private static final String JSON = "application/json; charset=utf-8";
  private static final Set<String> METHODS = Set.of("GET", "POST", "DELETE");
  /** Set on a context once this server wrote its answer, so Javalin's 404 mapping leaves it alone. */
  private static final String ANSWERED = "adf.livy.answered";

  private final EngineBatches batches;
  private final Javalin app;
  private final InetAddress bindAddress;
  private final HttpLimits limits;
  private final byte[] userHash;
  private final byte[] passwordHash;

  private LivyServer(Builder b) {
    this.batches = b.batches;
    this.bindAddress = b.bindAddress;
    this.limits = b.limits;
    this.userHash = sha256(b.user);
    this.passwordHash = sha256(b.password);
    this.app = Javalin.create(config -> {
      HttpServers.configure(config, b.bindAddress.getHostAddress(), b.port, b.limits, LivyServer::errorBody);
      config.http.generateEtags = false;
      routes(config.routes);
    });
    try {
      app.start();
    } catch (RuntimeException e) {
      app.stop();
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof BindException bind) {
          throw new UncheckedIOException("cannot listen on " + b.bindAddress.getHostAddress() + ":" + b.port, bind);
        }
      }
      throw e;
    }
    LOG.info("Livy batch API of {} listening on {}", batches.describe(), uri());
  }

  /**
   * @param batches what to serve
   * @param user the basic-auth user clients must send
   * @param password its password (not blank)
   */
  public static Builder builder(EngineBatches batches, String user, String password) {
    return new Builder(batches, user, password);
  }

  /** The port listened on (the chosen one when built with port 0). */
  public int port() {
    return app.port();
  }

  /** The base URL clients use, such as {@code http://127.0.0.1:8998}. */
  public URI uri() {
    InetAddress a = bindAddress;
    String host = a instanceof Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
    return URI.create("http://" + host + ":" + port());
  }

  /** The limits this server applies. */
  public HttpLimits limits() {
    return limits;
  }

  /** Stops listening at once and ends the request threads; the engine keeps running. */
  @Override
  public void close() {
    app.stop();
  }

  private static ErrorBody.Rendered errorBody(String path, int status, String message) {
    try {
      return new ErrorBody.Rendered(JSON, LivyJson.STRICT.writeValueAsBytes(Map.of("msg", message)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private record Response(int status, Object body, Map<String, String> headers) {
    static Response of(int status, Object body) {
      return new Response(status, body, Map.of());
    }

    static Response error(int status, String msg) {
      return new Response(status, Map.of("msg", msg), Map.of());
    }
  }

  private static final class HttpError extends Exception {
    private static final long serialVersionUID = 1L;
    final transient Response response;

    HttpError(int status, String msg) {
      super(msg, null, false, false);
      this.response = Response.error(status, msg);
    }

    HttpError(Response response) {
      super(String.valueOf(response.body()), null, false, false);
      this.response = response;
    }
  }

  @FunctionalInterface
  private interface Route {
    Response answer(Context ctx) throws HttpError, LivyException, InterruptedException;
  }

  private void routes(RoutesConfig r) {
    r.before(ctx -> answerIfRefused(ctx));
    path(r, "/batches", Map.of("GET", ctx -> Response.of(200,
        batches.list(intParam(ctx, "from", 0), intParam(ctx, "size", 100))), "POST", this::create));
    path(r, "/batches/{id}", Map.of("GET", ctx -> {
      String idOrName = ctx.pathParam("id");
      return Response.of(200, batches.get(idOrName).orElseThrow(() -> EngineBatches.notFound(idOrName)));
    }, "DELETE", ctx -> {
      String idOrName = ctx.pathParam("id");
      if (!batches.delete(id(idOrName))) {
        throw EngineBatches.notFound(idOrName);
      }
      return Response.of(200, Map.of("msg", "deleted"));
    }));
    path(r, "/batches/{id}/{part}", Map.of("GET", this::part));
    r.exception(Exception.class, (e, ctx) -> {
      LOG.warn("{} {} failed", ctx.method(), ctx.path(), e);
      send(ctx, Response.error(500, "internal error of the built-in engine's Livy API ("
          + e.getClass().getSimpleName() + "); see the engine's log"));
    });
    r.error(404, ctx -> {
      if (ctx.attribute(ANSWERED) == null) {
        send(ctx, Response.error(404, "Not found: the built-in engine serves /batches only."));
      }
    });
    r.error(405, ctx -> {
      if (ctx.attribute(ANSWERED) == null) {
        send(ctx, Response.error(405, "Method not allowed here."));
      }
    });
  }

  /** Registers {@code routes} on {@code path} and a 405 with {@code Allow} for every other method. */
  private void path(RoutesConfig r, String path, Map<String, Route> routes) {
    String allow = String.join(", ", routes.keySet().stream().sorted(
        java.util.Comparator.comparingInt(m -> List.of("GET", "POST", "DELETE").indexOf(m))).toList());
    for (HandlerType type : HandlerType.commonHttp()) {
      Route route = routes.get(type.name());
      r.addHttpHandler(type, path, ctx -> answer(ctx, route != null ? route : c -> notAllowed(allow)));
    }
  }

  /** Credentials, method and CSRF header, checked before any route (and before a 404). */
  private void answerIfRefused(Context ctx) {
    Response refusal = null;
    String method = ctx.method().name();
    if (!authorized(ctx.header("Authorization"))) {
      refusal = new Response(401, Map.of("msg", "Authentication required: send HTTP basic auth credentials."),
          Map.of("WWW-Authenticate", "Basic realm=\"" + REALM + "\""));
    } else if (!METHODS.contains(method)) {
      refusal = notAllowed(ctx.path().matches("/+batches/*") ? "GET, POST"
          : ctx.path().matches("/+batches/+[^/]+/*") ? "GET, DELETE" : "GET");
    } else if ((method.equals("POST") || method.equals("DELETE"))
        && Optional.ofNullable(ctx.header(REQUESTED_BY)).orElse("").isBlank()) {
      refusal = Response.error(400, "Missing Required Header for CSRF protection: send " + REQUESTED_BY
          + " (any value) with POST and DELETE.");
    }
    if (refusal != null) {
      send(ctx, refusal);
      ctx.skipRemainingHandlers();
    }
  }

  private void answer(Context ctx, Route route) {
    Response r;
    try {
      r = route.answer(ctx);
    } catch (HttpError e) {
      r = e.response;
    } catch (LivyException e) {
      r = Response.error(e.status() == 0 ? 500 : e.status(), e.serverMessage());
    } catch (RuntimeException | Error e) {
      LOG.warn("{} {} failed", ctx.method(), ctx.path(), e);
      r = Response.error(500, "internal error of the built-in engine's Livy API (" + e.getClass().getSimpleName()
          + "); see the engine's log");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      r = Response.error(503, "the server is shutting down");
    }
    send(ctx, r);
  }

  private Response part(Context ctx) throws HttpError, LivyException {
    String idOrName = ctx.pathParam("id");
    String part = ctx.pathParam("part");
    if (!part.equals("state") && !part.equals("log")) {
      throw new HttpError(404, "Not found: a batch has /state and /log only.");
    }
    int id = id(idOrName);
    if (part.equals("state")) {
      LivyState s = batches.state(id).orElseThrow(() -> EngineBatches.notFound(idOrName));
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("id", id);
      body.put("state", s.wireName());
      return Response.of(200, body);
    }
    return Response.of(200, batches.log(id, optIntParam(ctx, "from"), optIntParam(ctx, "size")));
  }

  private Response create(Context ctx) throws HttpError, LivyException {
    byte[] body = readBody(ctx);
    CreateBatchRequest r;
    try {
      r = LivyJson.STRICT.readValue(body, CreateBatchRequest.class);
    } catch (JsonProcessingException e) {
      throw new HttpError(400, LivyJson.reason(e));
    } catch (IOException e) {
      throw new HttpError(400, "unreadable request body: " + e.getMessage());
    }
    if (r == null) {
      throw new HttpError(400, "the request body must be a JSON object (a CreateBatchRequest)");
    }
    EngineBatches.Creation c = batches.createOrFind(r);
    if (!c.created()) {
      return Response.of(200, c.batch());
    }
    return new Response(201, c.batch(), Map.of("Location", "/batches/" + c.batch().id()));
  }

  private static Response notAllowed(String allow) {
    return new Response(405, Map.of("msg", "Method not allowed here; allowed: " + allow), Map.of("Allow", allow));
  }

  private int id(String idOrName) throws LivyException {
    if (!idOrName.isEmpty() && idOrName.chars().allMatch(c -> c >= '0' && c <= '9')) {
      try {
        return Integer.parseInt(idOrName);
      } catch (NumberFormatException tooLarge) {
        throw EngineBatches.notFound(idOrName);
      }
    }
    return batches.get(idOrName).orElseThrow(() -> EngineBatches.notFound(idOrName)).id();
  }

  /** The whole body, at most {@code http.maxBodyBytes}; 413, 408 or 400 when the client is at fault. */
  private byte[] readBody(Context ctx) throws HttpError {
    try {
      return ctx.bodyAsBytes();
    } catch (io.javalin.http.HttpResponseException e) {
      throw new HttpError(e.getStatus(), HttpServers.message(e.getStatus(), e.getMessage(), limits));
    } catch (Exception e) { // Javalin (Kotlin) lets Jetty's IOException through undeclared
      Optional<HttpServers.ClientFailure> f = HttpServers.clientFailure(e, limits);
      if (f.isPresent()) {
        throw new HttpError(f.get().status(), f.get().message());
      }
      throw e instanceof RuntimeException r ? r : new IllegalStateException("cannot read the request body", e);
    }
  }

  private static void send(Context ctx, Response r) {
    byte[] bytes;
    try {
      bytes = LivyJson.STRICT.writeValueAsBytes(r.body());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a Livy answer", e);
    }
    ctx.attribute(ANSWERED, Boolean.TRUE);
    r.headers().forEach(ctx::header);
    ctx.status(r.status()).contentType(JSON).result(bytes);
  }

  private boolean authorized(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return false;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return false;
    }
    boolean user = MessageDigest.isEqual(userHash, sha256(decoded.substring(0, colon)));
    boolean password = MessageDigest.isEqual(passwordHash, sha256(decoded.substring(colon + 1)));
    return user & password;
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static int intParam(Context ctx, String name, int dflt) throws HttpError {
    Integer v = optIntParam(ctx, name);
    return v == null ? dflt : v;
  }

  private static Integer optIntParam(Context ctx, String name) throws HttpError {
    String v = ctx.queryParam(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new HttpError(400, "'" + name + "' must be an integer, got '" + abbreviate(v) + "'");
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }

  /** Options of a {@link LivyServer}, validated at {@link #start()}. */
  public static final class Builder {
    private final EngineBatches batches;
    private final String user;
    private final String password;
    private InetAddress bindAddress = loopback();
    private int port = DEFAULT_PORT;
    private HttpLimits limits = HttpLimits.defaults();

    private Builder(EngineBatches batches, String user, String password) {
      this.batches = Objects.requireNonNull(batches, "batches");
      this.user = Objects.requireNonNull(user, "user");
      this.password = Objects.requireNonNull(password, "password");
    }

    private static InetAddress loopback() {
      try {
        return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
      } catch (java.net.UnknownHostException impossible) {
        throw new IllegalStateException(impossible);
      }
    }

    /** The address to listen on; default 127.0.0.1. */
    public Builder bindAddress(InetAddress address) {
      this.bindAddress = Objects.requireNonNull(address, "address");
      return this;
    }

    /** The port; 0 = any free port ({@link LivyServer#port()} tells which). Default 8998. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Request threads (at least 1); the same as {@code limits(limits.withThreads(threads))}. Default 16. */
    public Builder threads(int threads) {
      this.limits = limits.withThreads(threads);
      return this;
    }

    /** Timeouts and sizes ({@code http.*} settings). Default {@link HttpLimits#defaults()}. */
    public Builder limits(HttpLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /**
     * Binds and starts serving.
     *
     * @throws IllegalArgumentException for a blank user or password, or a port outside 0–65535
     * @throws UncheckedIOException when the address cannot be bound
     */
    public LivyServer start() {
      if (user.isBlank() || user.contains(":")) {
        throw new IllegalArgumentException("the server's user must not be blank or contain ':'");
      }
      if (password.isBlank()) {
        throw new IllegalArgumentException("the server's password must not be blank");
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be in 0-65535, got " + port);
      }
      return new LivyServer(this);
    }
  }
}
