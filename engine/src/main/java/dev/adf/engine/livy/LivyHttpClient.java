package dev.adf.engine.livy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link LivyBatches} over HTTP: talks to a real Livy (0.7.1 and later; HDInsight's {@code
 * https://<cluster>.azurehdinsight.net/livy}) or to the built-in engine's {@link LivyServer}. Follows
 * apache/incubator-livy {@code docs/rest-api.md} and copes with what Livy 0.7.1 really does:
 *
 * <ul>
 *   <li>every request carries {@code Content-Type: application/json} and {@code X-Requested-By} (needed
 *       when CSRF protection is on, as on HDInsight), and basic auth when credentials are given;
 *   <li>error bodies are read both as {@code {"msg":…}} and as a bare JSON string (Jackson errors);
 *   <li>a request without name is sent with a generated one ({@code adf-<uuid>}), so it can be found
 *       again;
 *   <li>400 "Duplicate session name" on create: the batch of that name is fetched and returned (an
 *       idempotent retry);
 *   <li>any other 400 on create: Livy 0.7.1 may still have registered a session under that name (in
 *       {@code starting}); it is looked up by name and deleted before the exception is thrown;
 *   <li>404 reads as "gone" (empty / false); unknown response fields ({@code ttl}, {@code
 *       executorLogUrls}) are ignored.
 * </ul>
 *
 * <p>The password never appears in exception messages or {@link #describe()}. Thread-safe.
 */
public final class LivyHttpClient implements LivyBatches {

  /** Default time to open a connection. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** Default time for one request's answer. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

  /** Default value of the {@code X-Requested-By} header. */
  public static final String DEFAULT_REQUESTED_BY = "adf-orchestrator";

  /** First pause between two state polls of {@link #awaitChange}; it doubles up to {@link #MAX_POLL}. */
  public static final Duration FIRST_POLL = Duration.ofMillis(200);

  /** Longest pause between two state polls of {@link #awaitChange}. */
  public static final Duration MAX_POLL = Duration.ofSeconds(2);

  private final String base;
  private final HttpClient http;
  private final String authorization;
  private final Duration requestTimeout;
  private final String requestedBy;

  private LivyHttpClient(Builder b) {
    this.base = b.base;
    this.authorization = b.user == null ? null : "Basic " + Base64.getEncoder()
        .encodeToString((b.user + ":" + b.password).getBytes(StandardCharsets.UTF_8));
    this.requestTimeout = b.requestTimeout;
    this.requestedBy = b.requestedBy;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(b.connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /**
   * @param baseUrl {@code http://host:8998} or {@code https://cluster.azurehdinsight.net/livy}: http or
   *     https, a path prefix is kept, no credentials, query or fragment
   */
  public static Builder builder(URI baseUrl) {
    return new Builder(baseUrl);
  }

  @Override
  public Batch create(CreateBatchRequest r) throws LivyException {
    Objects.requireNonNull(r, "request");
    CreateBatchRequest sent = r.name() == null ? r.withName("adf-" + UUID.randomUUID()) : r;
    byte[] body;
    try {
      body = LivyJson.LENIENT.writeValueAsBytes(sent);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write the request as JSON: " + LivyJson.reason(e), e);
    }
    HttpResponse<byte[]> resp = call("POST", "/batches", body);
    if (resp.statusCode() == 200 || resp.statusCode() == 201) {
      return read(resp, Batch.class, "POST /batches");
    }
    String msg = errorMessage(resp);
    if (resp.statusCode() == 400 && msg.contains("Duplicate session name")) {
      Optional<Batch> existing = get(sent.name());
      if (existing.isPresent()) {
        return existing.get();
      }
    } else if (resp.statusCode() == 400) {
      deleteLeftover(sent.name());
    }
    throw new LivyException(resp.statusCode(), msg, "POST " + base + "/batches", null);
  }

  /** Livy 0.7.1 registers a session in {@code starting} even when it refuses the request: delete it. */
  private void deleteLeftover(String name) {
    try {
      Optional<Batch> left = get(name);
      if (left.isPresent()) {
        delete(left.get().id());
      }
    } catch (LivyException ignored) {
      // best effort: the refusal itself is what the caller must hear about
    }
  }

  @Override
  public Optional<Batch> get(String idOrName) throws LivyException {
    Objects.requireNonNull(idOrName, "idOrName");
    String path = "/batches/" + segment(idOrName);
    HttpResponse<byte[]> resp = call("GET", path, null);
    if (resp.statusCode() == 404) {
      return Optional.empty();
    }
    return Optional.of(read(expectOk(resp, "GET", path), Batch.class, "GET " + path));
  }

  @Override
  public BatchLog log(int id, Integer from, Integer size) throws LivyException {
    StringBuilder path = new StringBuilder("/batches/").append(id).append("/log");
    String sep = "?";
    if (from != null) {
      path.append(sep).append("from=").append(from);
      sep = "&";
    }
    if (size != null) {
      path.append(sep).append("size=").append(size);
    }
    HttpResponse<byte[]> resp = call("GET", path.toString(), null);
    return read(expectOk(resp, "GET", path.toString()), BatchLog.class, "GET " + path);
  }

  @Override
  public BatchList list(int from, int size) throws LivyException {
    String path = "/batches?from=" + from + "&size=" + size;
    return read(expectOk(call("GET", path, null), "GET", path), BatchList.class, "GET " + path);
  }

  @Override
  public boolean delete(int id) throws LivyException {
    String path = "/batches/" + id;
    HttpResponse<byte[]> resp = call("DELETE", path, null);
    if (resp.statusCode() == 404) {
      return false;
    }
    expectOk(resp, "DELETE", path);
    return true;
  }

  /** Polls {@code GET /batches/{id}/state}, pausing 200 ms, then twice as long each time, up to 2 s. */
  @Override
  public Optional<Batch> awaitChange(int id, String knownState, Duration maxWait)
      throws LivyException, InterruptedException {
    long deadline = System.nanoTime() + Math.max(0, maxWait.toNanos());
    long pause = FIRST_POLL.toNanos();
    String path = "/batches/" + id + "/state";
    while (true) {
      HttpResponse<byte[]> resp = send("GET", path, null);
      if (resp.statusCode() == 404) {
        return Optional.empty();
      }
      JsonNode state = read(expectOk(resp, "GET", path), JsonNode.class, "GET " + path).get("state");
      long left = deadline - System.nanoTime();
      if (state == null || !state.asText().equals(knownState) || left <= 0) {
        return get(Integer.toString(id));
      }
      Duration nap = Duration.ofNanos(Math.min(pause, left));
      Thread.sleep(nap.toMillis(), nap.toNanosPart() % 1_000_000);
      pause = Math.min(pause * 2, MAX_POLL.toNanos());
    }
  }

  @Override
  public String describe() {
    return "Livy at " + base;
  }

  /** Nothing to release: the JDK client's connections close when idle. */
  @Override
  public void close() {}

  private HttpResponse<byte[]> call(String method, String path, byte[] body) throws LivyException {
    try {
      return send(method, path, body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LivyException(0, "interrupted while waiting for the answer", method + " " + base + path, e);
    }
  }

  private HttpResponse<byte[]> send(String method, String path, byte[] body)
      throws LivyException, InterruptedException {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(requestTimeout)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .header(LivyServer.REQUESTED_BY, requestedBy)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (authorization != null) {
      req.header("Authorization", authorization);
    }
    try {
      return http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new LivyException(0, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
          method + " " + base + path, e);
    }
  }

  private HttpResponse<byte[]> expectOk(HttpResponse<byte[]> resp, String method, String path) throws LivyException {
    if (resp.statusCode() / 100 != 2) {
      throw new LivyException(resp.statusCode(), errorMessage(resp), method + " " + base + path, null);
    }
    return resp;
  }

  private <T> T read(HttpResponse<byte[]> resp, Class<T> type, String call) throws LivyException {
    try {
      T value = LivyJson.LENIENT.readValue(resp.body(), type);
      if (value == null) {
        throw new LivyException(resp.statusCode(), "an empty answer where a " + type.getSimpleName() + " was expected",
            call + " at " + base, null);
      }
      return value;
    } catch (IOException e) {
      if (e instanceof LivyException le) {
        throw le;
      }
      throw new LivyException(resp.statusCode(), "unreadable " + type.getSimpleName() + ": "
          + (e instanceof JsonProcessingException j ? LivyJson.reason(j) : e.getMessage()), call + " at " + base, e);
    }
  }

  /** The server's message: {@code {"msg":…}}, a bare JSON string, or the text itself (abbreviated). */
  static String errorMessage(HttpResponse<byte[]> resp) {
    String text = new String(resp.body() == null ? new byte[0] : resp.body(), StandardCharsets.UTF_8).trim();
    if (text.isEmpty()) {
      return "HTTP " + resp.statusCode() + " with an empty body";
    }
    try {
      JsonNode n = LivyJson.LENIENT.readTree(text);
      if (n != null && n.isTextual()) {
        return n.asText();
      }
      if (n != null && n.isObject() && n.hasNonNull("msg")) {
        return n.get("msg").asText();
      }
    } catch (JsonProcessingException notJson) {
      // fall through to the raw text
    }
    return text.length() <= 500 ? text : text.substring(0, 500) + "…";
  }

  private static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Options of a {@link LivyHttpClient}, validated at {@link #build()}. */
  public static final class Builder {
    private final String base;
    private String user;
    private String password;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private String requestedBy = DEFAULT_REQUESTED_BY;

    private Builder(URI baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl");
      String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || baseUrl.getHost() == null) {
        throw new IllegalArgumentException("the Livy URL must be http://host[:port][/path] or https://…");
      }
      if (baseUrl.getRawUserInfo() != null) {
        throw new IllegalArgumentException("the Livy URL must not carry credentials; give them to credentials()");
      }
      if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
        throw new IllegalArgumentException("the Livy URL must not have a query or fragment");
      }
      String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
      while (path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      this.base = scheme + "://" + baseUrl.getRawAuthority() + path;
    }

    /** HTTP basic auth (HDInsight's cluster login, or the built-in server's user). */
    public Builder credentials(String user, String password) {
      this.user = Objects.requireNonNull(user, "user");
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    public Builder connectTimeout(Duration d) {
      this.connectTimeout = Objects.requireNonNull(d, "connectTimeout");
      return this;
    }

    /** Time for one request's answer (not for a batch to end). */
    public Builder requestTimeout(Duration d) {
      this.requestTimeout = Objects.requireNonNull(d, "requestTimeout");
      return this;
    }

    /** The {@code X-Requested-By} value; default {@code adf-orchestrator}. */
    public Builder requestedBy(String value) {
      this.requestedBy = Objects.requireNonNull(value, "requestedBy");
      return this;
    }

    /** @throws IllegalArgumentException for non-positive timeouts, a blank X-Requested-By, or a ':' in the user */
    public LivyHttpClient build() {
      if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative() || requestTimeout.isZero()) {
        throw new IllegalArgumentException("timeouts must be positive");
      }
      if (requestedBy.isBlank()) {
        throw new IllegalArgumentException("X-Requested-By must not be blank");
      }
      if (user != null && user.contains(":")) {
        throw new IllegalArgumentException("a basic-auth user must not contain ':'");
      }
      return new LivyHttpClient(this);
    }
  }
}
