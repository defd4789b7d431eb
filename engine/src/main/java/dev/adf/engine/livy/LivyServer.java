package dev.adf.engine.livy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@link EngineBatches} over HTTP as Livy's batch REST API (apache/incubator-livy {@code
 * docs/rest-api.md}), with the JDK's {@link HttpServer}:
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
 * <p>Errors are {@code {"msg":"…"}}: 400 (malformed JSON, unknown field, "File is required.", bad
 * numbers, missing {@code X-Requested-By} on POST and DELETE), 401 (HTTP basic auth is required on every
 * request, with {@code WWW-Authenticate: Basic realm="adf engine"}), 404 ({@code Session 'N' not
 * found.}), 405, 413 (a body over {@link #MAX_BODY_BYTES}), 500 (never with a stack trace; that goes to
 * the log). A non-numeric id is looked up as the batch name, as on Livy.
 *
 * <p>Binds {@code 127.0.0.1} unless told otherwise; requests run on a bounded pool ({@link
 * Builder#threads}), and when its queue is full the accepting thread runs the request itself, which
 * slows accepting down instead of dropping connections.
 */
public final class LivyServer implements AutoCloseable {

  /** Largest request body accepted; larger ones get 413. */
  public static final int MAX_BODY_BYTES = 1 << 20;

  /** Livy's default port. */
  public static final int DEFAULT_PORT = 8998;

  /** Default number of request threads. */
  public static final int DEFAULT_THREADS = 8;

  /** Requests that may wait for a thread before the accepting thread runs them itself. */
  public static final int QUEUE_CAPACITY = 64;

  /** The basic-auth realm. */
  public static final String REALM = "adf engine";

  /** The CSRF header required on POST and DELETE, as by Livy with {@code csrf-protection.enabled}. */
  public static final String REQUESTED_BY = "X-Requested-By";

  private static final Logger LOG = LoggerFactory.getLogger(LivyServer.class);
  private static final String JSON = "application/json; charset=utf-8";

  private final EngineBatches batches;
  private final HttpServer server;
  private final ThreadPoolExecutor pool;
  private final byte[] userHash;
  private final byte[] passwordHash;

  private LivyServer(Builder b) throws IOException {
    this.batches = b.batches;
    this.userHash = sha256(b.user);
    this.passwordHash = sha256(b.password);
    AtomicInteger n = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(b.threads, b.threads, 60, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(QUEUE_CAPACITY), r -> {
          Thread t = new Thread(r, "livy-server-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
    this.server = HttpServer.create(new InetSocketAddress(b.bindAddress, b.port), 0);
    server.createContext("/", this::handle);
    server.setExecutor(pool);
    server.start();
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
    return server.getAddress().getPort();
  }

  /** The base URL clients use, such as {@code http://127.0.0.1:8998}. */
  public URI uri() {
    InetAddress a = server.getAddress().getAddress();
    String host = a instanceof Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress();
    return URI.create("http://" + host + ":" + port());
  }

  /** Stops listening at once and ends the request threads; the engine keeps running. */
  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
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
  }

  private void handle(HttpExchange x) {
    try {
      Response r;
      try {
        r = route(x);
      } catch (HttpError e) {
        r = e.response;
      } catch (LivyException e) {
        r = Response.error(e.status() == 0 ? 500 : e.status(), e.serverMessage());
      } catch (RuntimeException | Error e) {
        LOG.warn("{} {} failed", x.getRequestMethod(), x.getRequestURI().getRawPath(), e);
        r = Response.error(500, "internal error of the built-in engine's Livy API (" + e.getClass().getSimpleName()
            + "); see the engine's log");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        r = Response.error(503, "the server is shutting down");
      }
      send(x, r);
    } catch (IOException | RuntimeException e) {
      LOG.debug("cannot answer {} {}", x.getRequestMethod(), x.getRequestURI().getRawPath(), e);
    } finally {
      x.close();
    }
  }

  private Response route(HttpExchange x) throws HttpError, LivyException, InterruptedException {
    if (!authorized(x.getRequestHeaders().getFirst("Authorization"))) {
      return new Response(401, Map.of("msg", "Authentication required: send HTTP basic auth credentials."),
          Map.of("WWW-Authenticate", "Basic realm=\"" + REALM + "\""));
    }
    String method = x.getRequestMethod();
    List<String> path = segments(x.getRequestURI().getRawPath());
    if (path.isEmpty() || !path.get(0).equals("batches") || path.size() > 3) {
      throw new HttpError(404, "Not found: the built-in engine serves /batches only.");
    }
    Map<String, String> query = query(x.getRequestURI().getRawQuery());
    if ((method.equals("POST") || method.equals("DELETE"))
        && Optional.ofNullable(x.getRequestHeaders().getFirst(REQUESTED_BY)).orElse("").isBlank()) {
      throw new HttpError(400, "Missing Required Header for CSRF protection: send " + REQUESTED_BY
          + " (any value) with POST and DELETE.");
    }
    if (path.size() == 1) {
      return switch (method) {
        case "GET" -> Response.of(200, batches.list(intParam(query, "from", 0), intParam(query, "size", 100)));
        case "POST" -> create(x);
        default -> notAllowed("GET, POST");
      };
    }
    String idOrName = path.get(1);
    if (path.size() == 2) {
      return switch (method) {
        case "GET" -> Response.of(200, batches.get(idOrName).orElseThrow(() -> EngineBatches.notFound(idOrName)));
        case "DELETE" -> {
          if (!batches.delete(id(idOrName))) {
            throw EngineBatches.notFound(idOrName);
          }
          yield Response.of(200, Map.of("msg", "deleted"));
        }
        default -> notAllowed("GET, DELETE");
      };
    }
    if (!method.equals("GET")) {
      return notAllowed("GET");
    }
    int id = id(idOrName);
    return switch (path.get(2)) {
      case "state" -> {
        LivyState s = batches.state(id).orElseThrow(() -> EngineBatches.notFound(idOrName));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("state", s.wireName());
        yield Response.of(200, body);
      }
      case "log" -> Response.of(200, batches.log(id, optIntParam(query, "from"), optIntParam(query, "size")));
      default -> throw new HttpError(404, "Not found: a batch has /state and /log only.");
    };
  }

  private Response create(HttpExchange x) throws HttpError, LivyException {
    byte[] body = readBody(x);
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

  private static byte[] readBody(HttpExchange x) throws HttpError {
    String length = x.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length.trim()) > MAX_BODY_BYTES) {
          throw tooLarge();
        }
      } catch (NumberFormatException e) {
        throw new HttpError(400, "bad Content-Length");
      }
    }
    try (InputStream in = x.getRequestBody()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (out.size() + n > MAX_BODY_BYTES) {
          throw tooLarge();
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new HttpError(400, "cannot read the request body: " + e.getMessage());
    }
  }

  private static HttpError tooLarge() {
    return new HttpError(413, "Request body larger than " + MAX_BODY_BYTES + " bytes.");
  }

  private static void send(HttpExchange x, Response r) throws IOException {
    byte[] bytes = LivyJson.STRICT.writeValueAsBytes(r.body());
    x.getResponseHeaders().set("Content-Type", JSON);
    r.headers().forEach((k, v) -> x.getResponseHeaders().set(k, v));
    x.sendResponseHeaders(r.status(), bytes.length);
    x.getResponseBody().write(bytes);
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

  private static List<String> segments(String rawPath) throws HttpError {
    List<String> out = new java.util.ArrayList<>();
    for (String s : (rawPath == null ? "" : rawPath).split("/")) {
      if (!s.isEmpty()) {
        out.add(decode(s));
      }
    }
    return out;
  }

  private static Map<String, String> query(String raw) throws HttpError {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          q.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
        }
      }
    }
    return q;
  }

  private static String decode(String s) throws HttpError {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, "malformed percent-encoding in the request URI");
    }
  }

  private static int intParam(Map<String, String> q, String name, int dflt) throws HttpError {
    Integer v = optIntParam(q, name);
    return v == null ? dflt : v;
  }

  private static Integer optIntParam(Map<String, String> q, String name) throws HttpError {
    String v = q.get(name);
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
    private int threads = DEFAULT_THREADS;

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

    /** Request threads (at least 1). Default 8. */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /**
     * Binds and starts serving.
     *
     * @throws IllegalArgumentException for a blank user or password, a port outside 0–65535 or threads
     *     below 1
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
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be at least 1, got " + threads);
      }
      try {
        return new LivyServer(this);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot listen on " + bindAddress.getHostAddress() + ":" + port, e);
      }
    }
  }
}
