package dev.adf.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile HTTP against one real server (the engine's Livy API, the web view), over real sockets:
 * malformed and wrongly typed bodies, unknown paths and methods, no credentials, heads and bodies over
 * the limits, slow clients, idle connections, a thousand concurrent requests. Every answer must be a
 * clear 4xx in the server's own error shape without a stack trace, and after each case the server must
 * still serve. Timeouts are short here (read 1 s) and every wait has a deadline.
 */
public abstract class HostileHttpContract {
  /** Limits of these tests: short timeouts, few threads, the default body and head limits. */
  protected static final HttpLimits LIMITS = HttpLimits.defaults().withReadTimeout(Duration.ofSeconds(1))
      .withIdleTimeout(Duration.ofSeconds(30)).withThreads(4).withMaxConnections(128);
  protected static final Duration DEADLINE = Duration.ofSeconds(20);

  protected HostileClient client;
  protected int port;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(DEADLINE).build();

  /** Starts the server with {@code limits} on 127.0.0.1 and a free port; returns the port. */
  protected abstract int start(HttpLimits limits) throws Exception;

  /** Stops what {@link #start} started. */
  protected abstract void stop() throws Exception;

  /** Headers that authenticate a request (name, value, name, value, ...). */
  protected abstract String[] credentials() throws Exception;

  /** A GET path answered 200. */
  protected abstract String readPath();

  /** A POST path whose handler reads a JSON body. */
  protected abstract String postPath();

  /** Headers besides {@link #credentials} that a POST needs to reach its handler. */
  protected abstract String[] postHeaders() throws Exception;

  /** Bodies of the right JSON syntax but the wrong types or shape for {@link #postPath}. */
  protected abstract List<String> wrongTypedBodies();

  /** The message of an error answer, read from the server's error shape; fails when it has none. */
  protected abstract String message(int status, String contentType, String body) throws Exception;

  protected final void startServer(HttpLimits limits) throws Exception {
    port = start(limits);
    client = new HostileClient("127.0.0.1", port);
  }

  @AfterEach
  void stopServer() throws Exception {
    stop();
  }

  private String head(String method, String path, String... extra) throws Exception {
    StringBuilder b = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
    String[] c = credentials();
    for (int i = 0; i + 1 < c.length; i += 2) {
      b.append(c[i]).append(": ").append(c[i + 1]).append("\r\n");
    }
    for (int i = 0; i + 1 < extra.length; i += 2) {
      b.append(extra[i]).append(": ").append(extra[i + 1]).append("\r\n");
    }
    return b.toString();
  }

  private String[] post(String... extra) throws Exception {
    List<String> h = new ArrayList<>(List.of(postHeaders()));
    h.addAll(List.of("Content-Type", "application/json"));
    h.addAll(List.of(extra));
    return h.toArray(String[]::new);
  }

  /** Asserts a clear error: the status, the server's shape, a one-line message, no stack trace. */
  protected final String assertClearError(HostileClient.Answer a, int status) throws Exception {
    assertThat(a.status()).as("status of %s", a).isEqualTo(status);
    String m = message(a.status(), a.header("Content-Type"), a.body());
    assertThat(m).as(a.body()).isNotBlank().doesNotContain("\tat ").doesNotContain("Exception:")
        .doesNotContain("<html").doesNotContain("\n");
    assertThat(a.header("Server")).as("no server version").isNull();
    return m;
  }

  /** The server answers a plain authenticated GET. */
  protected final void assertStillServes() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + readPath()))
        .headers(credentials()).timeout(DEADLINE).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  @Test
  public void malformedAndWronglyTypedBodiesAre400() throws Exception {
    startServer(LIMITS);
    List<byte[]> bodies = new ArrayList<>();
    for (String s : List.of("{", "{\"a\":", "nul", "{\"a\" 1}", "{'single': 'quotes'}", "{\"a\":1,}", "\u0000\u0001",
        "[" .repeat(100_000), "{\"a\":" + "9".repeat(5_000) + "}", "{\"a\":1e999999999}", "{\"a\":\"\\ud800\"}x")) {
      bodies.add(s.getBytes(StandardCharsets.UTF_8));
    }
    bodies.add(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}); // broken UTF-8
    bodies.add(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '"', 'a'}); // BOM, then truncated
    for (String s : wrongTypedBodies()) {
      bodies.add(s.getBytes(StandardCharsets.UTF_8));
    }
    for (byte[] body : bodies) {
      byte[] h = (head("POST", postPath(), post("Content-Length", String.valueOf(body.length))) + "\r\n")
          .getBytes(StandardCharsets.ISO_8859_1);
      byte[] request = new byte[h.length + body.length];
      System.arraycopy(h, 0, request, 0, h.length);
      System.arraycopy(body, 0, request, h.length, body.length);
      HostileClient.Answer a = client.exchange(request, DEADLINE);
      assertClearError(a, 400);
    }
    assertStillServes();
  }

  @Test
  public void everyRequestWithoutCredentialsIs401() throws Exception {
    startServer(LIMITS);
    for (String method : List.of("GET", "POST", "DELETE", "PUT")) {
      for (String path : List.of(readPath(), postPath(), "/no/such/path")) {
        String request = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
            + "\r\nAuthorization: Basic YWRtaW46d3Jvbmc=\r\nContent-Length: 0\r\n\r\n";
        assertClearError(client.exchange(request, DEADLINE), 401);
        String none = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Length: 0\r\n\r\n";
        assertClearError(client.exchange(none, DEADLINE), 401);
      }
    }
    assertStillServes();
  }

  @Test
  public void unknownPathsAre404AndUnknownMethodsAre405() throws Exception {
    startServer(LIMITS);
    for (String path : List.of("/no/such/path", "/" + "a".repeat(4000), readPath() + "/x/y/z/w")) {
      assertClearError(client.exchange(head("GET", path) + "\r\n", DEADLINE), 404);
    }
    HostileClient.Answer traversal = client.exchange(head("GET", "/static/../../../etc/passwd") + "\r\n", DEADLINE);
    assertClearError(traversal, traversal.status() == 400 ? 400 : 404);
    for (String method : List.of("PUT", "PATCH", "OPTIONS", "BREW")) {
      HostileClient.Answer a = client.exchange(head(method, readPath(), "Content-Length", "0") + "\r\n", DEADLINE);
      assertClearError(a, 405);
      assertThat(a.header("Allow")).as("Allow of %s", method).isNotBlank();
    }
    assertStillServes();
  }

  @Test
  public void garbageAndBrokenHeadsAre400() throws Exception {
    startServer(LIMITS);
    // Control bytes then a word: Jetty waits for the rest of a request line, until the read timeout.
    HostileClient.Answer incomplete = client.exchange("\u0000\u0001 garbage\r\n\r\n", DEADLINE);
    assertClearError(incomplete, incomplete.status() == 408 ? 408 : 400);
    for (String request : List.of("GET\r\n\r\n", "GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
        "POST " + postPath() + " HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
        "POST " + postPath() + " HTTP/1.1\r\nHost: x\r\nContent-Length: 12abc\r\n\r\n",
        "POST " + postPath() + " HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello",
        "GET /%00 HTTP/1.1\r\nHost: x\r\n\r\n", "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n")) {
      assertClearError(client.exchange(request, DEADLINE), 400);
    }
    assertStillServes();
  }

  @Test
  public void aHeadOverTheLimitIs431() throws Exception {
    startServer(LIMITS);
    String big = head("GET", readPath(), "X-Filler", "y".repeat(LIMITS.maxHeaderBytes() + 1)) + "\r\n";
    String m = assertClearError(client.exchange(big, DEADLINE), 431);
    assertThat(m).contains("http.maxHeaderBytes");
    String many = head("GET", readPath()) + "X-Many: 1\r\n".repeat(2_000) + "\r\n";
    assertClearError(client.exchange(many, DEADLINE), 431);
    assertStillServes();
  }

  @Test
  public void aBodyOverTheLimitIs413BeforeItIsSent() throws Exception {
    startServer(LIMITS);
    long huge = 1L << 30; // 1 GiB announced
    byte[] h = (head("POST", postPath(), post("Content-Length", String.valueOf(huge))) + "\r\n")
        .getBytes(StandardCharsets.ISO_8859_1);
    HostileClient.Answer a = client.flood(h, huge, false, DEADLINE);
    assertThat(assertClearError(a, 413)).contains("http.maxBodyBytes");
    assertThat(a.sent()).as("answered before the body was sent, so it was never buffered").isLessThan(huge / 8);

    long chunked = 64L << 20; // 64 MiB in chunks, no length announced
    byte[] hc = (head("POST", postPath(), post("Transfer-Encoding", "chunked")) + "\r\n")
        .getBytes(StandardCharsets.ISO_8859_1);
    HostileClient.Answer c = client.flood(hc, chunked, true, DEADLINE);
    assertThat(assertClearError(c, 413)).contains("http.maxBodyBytes");
    assertThat(c.sent()).as("refused while it grew past the limit").isLessThan(chunked);
    assertStillServes();
  }

  @Test
  public void aHeadSentAByteAtATimeIs408WithinTheReadTimeout() throws Exception {
    startServer(LIMITS);
    byte[] start = "GET ".getBytes(StandardCharsets.ISO_8859_1);
    byte[] rest = (readPath() + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-Slow: " + "z".repeat(500) + "\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1);
    HostileClient.Answer a = client.trickle(start, rest, Duration.ofMillis(50), DEADLINE);
    assertThat(assertClearError(a, 408)).contains("http.readTimeout");
    assertThat(a.sent()).as("the client was still sending when it was cut off")
        .isLessThan(start.length + rest.length);
    assertStillServes();
  }

  @Test
  public void aBodySentAByteAtATimeIs408WithinTheReadTimeout() throws Exception {
    startServer(LIMITS);
    byte[] body = ("{\"x\":\"" + "z".repeat(2_000) + "\"}").getBytes(StandardCharsets.UTF_8);
    byte[] h = (head("POST", postPath(), post("Content-Length", String.valueOf(body.length))) + "\r\n")
        .getBytes(StandardCharsets.ISO_8859_1);
    HostileClient.Answer a = client.trickle(h, body, Duration.ofMillis(50), DEADLINE);
    assertThat(assertClearError(a, 408)).contains("http.readTimeout");
    assertThat(a.sent()).isLessThan(h.length + body.length);
    assertStillServes();
  }

  @Test
  public void slowClientsHoldNoThreadLongerThanTheReadTimeout() throws Exception {
    HttpLimits two = LIMITS.withThreads(2);
    startServer(two);
    byte[] body = ("{\"x\":\"" + "z".repeat(2_000) + "\"}").getBytes(StandardCharsets.UTF_8);
    byte[] h = (head("POST", postPath(), post("Content-Length", String.valueOf(body.length))) + "\r\n")
        .getBytes(StandardCharsets.ISO_8859_1);
    ExecutorService slow = Executors.newFixedThreadPool(6);
    try {
      List<Future<HostileClient.Answer>> answers = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        answers.add(slow.submit(() -> client.trickle(h, body, Duration.ofMillis(100), DEADLINE)));
      }
      // Six slow bodies on two request threads: a plain request is still answered, once the read
      // timeout has freed the threads they held.
      assertStillServes();
      for (Future<HostileClient.Answer> f : answers) {
        assertClearError(f.get(DEADLINE.toSeconds(), TimeUnit.SECONDS), 408);
      }
    } finally {
      slow.shutdownNow();
    }
    assertStillServes();
  }

  @Test
  public void anIdleConnectionIsClosedAfterTheIdleTimeout() throws Exception {
    startServer(LIMITS.withIdleTimeout(Duration.ofMillis(500)));
    Duration closedAfter = client.idle(DEADLINE);
    assertThat(closedAfter).isLessThan(DEADLINE);
    assertStillServes();
  }

  @Test
  public void aThousandConcurrentRequestsAreAllAnswered() throws Exception {
    startServer(LIMITS);
    HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + readPath()))
        .headers(credentials()).timeout(Duration.ofSeconds(60)).GET().build();
    List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      all.add(http.sendAsync(get, HttpResponse.BodyHandlers.ofString()));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
    Map<Integer, Long> byStatus = new java.util.TreeMap<>();
    for (CompletableFuture<HttpResponse<String>> f : all) {
      byStatus.merge(f.join().statusCode(), 1L, Long::sum);
    }
    assertThat(byStatus).isEqualTo(Map.of(200, 1_000L));
    assertStillServes();
  }
}
