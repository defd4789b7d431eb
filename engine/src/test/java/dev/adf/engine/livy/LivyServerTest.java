package dev.adf.engine.livy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adf.engine.ComputeEngine;
import dev.adf.engine.BuiltInEngine;
import dev.adf.engine.jobs.TestJobs;
import dev.adf.engine.testing.MutableClock;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server with raw HTTP requests: auth, CSRF header, errors, limits. */
class LivyServerTest {

  static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("adf:s3cret".getBytes(StandardCharsets.UTF_8));
  /** An empty application jar the engine can fetch (Hello is on its classpath). */
  static final String APP_JAR = emptyJar();
  static final String HELLO = "{\"file\":\"" + APP_JAR + "\",\"className\":\"" + TestJobs.Hello.class.getName()
      + "\",\"name\":\"copy-1\"}";

  private static String emptyJar() {
    try {
      Path jar = java.nio.file.Files.createTempFile("livy-server-test-", ".jar");
      jar.toFile().deleteOnExit();
      try (var out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar))) {
        out.putNextEntry(new java.util.zip.ZipEntry("META-INF/"));
      }
      return jar.toUri().toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @TempDir Path work;
  BuiltInEngine engine;
  LivyServer server;
  HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void start() {
    engine = new BuiltInEngine(work, new MutableClock(Instant.parse("2015-11-16T00:00:00Z")), 2);
    server = LivyServer.builder(new EngineBatches(engine, work.toString()), "adf", "s3cret").port(0).start();
  }

  @AfterEach
  void stop() {
    server.close();
    engine.close();
  }

  HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.uri() + path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> authed(String method, String path, String body) throws Exception {
    return send(method, path, body, "Authorization", AUTH, "X-Requested-By", "test", "Content-Type", "application/json");
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return LivyJson.LENIENT.readTree(r.body());
  }

  static String msg(HttpResponse<String> r) throws Exception {
    return json(r).get("msg").asText();
  }

  @Test
  void everyRequestNeedsTheRightBasicCredentials() throws Exception {
    HttpResponse<String> none = send("GET", "/batches", null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Basic realm=\"adf engine\"");
    assertThat(msg(none)).contains("Authentication required");

    String wrong = "Basic " + Base64.getEncoder().encodeToString("adf:nope".getBytes(StandardCharsets.UTF_8));
    assertThat(send("GET", "/batches", null, "Authorization", wrong).statusCode()).isEqualTo(401);
    String wrongUser = "Basic " + Base64.getEncoder().encodeToString("root:s3cret".getBytes(StandardCharsets.UTF_8));
    assertThat(send("GET", "/batches/1", null, "Authorization", wrongUser).statusCode()).isEqualTo(401);
    assertThat(send("GET", "/batches", null, "Authorization", "Basic !!!not-base64").statusCode()).isEqualTo(401);
    assertThat(send("POST", "/batches", HELLO, "Authorization", "Bearer x", "X-Requested-By", "t").statusCode())
        .isEqualTo(401);
    assertThat(engine.jobs()).isEmpty();
    assertThat(send("GET", "/batches", null, "Authorization", AUTH).statusCode()).isEqualTo(200);
  }

  @Test
  void postAndDeleteNeedXRequestedBy() throws Exception {
    HttpResponse<String> post = send("POST", "/batches", HELLO, "Authorization", AUTH);
    assertThat(post.statusCode()).isEqualTo(400);
    assertThat(msg(post)).contains("X-Requested-By");
    assertThat(send("DELETE", "/batches/1", null, "Authorization", AUTH).statusCode()).isEqualTo(400);
    assertThat(engine.jobs()).isEmpty();
  }

  @Test
  void createAnswers201WithLocationAnd200ForAKnownNameAndLooksNamesUp() throws Exception {
    HttpResponse<String> created = authed("POST", "/batches", HELLO);
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("Location")).contains("/batches/1");
    assertThat(created.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
    JsonNode batch = json(created);
    assertThat(batch.get("id").asInt()).isEqualTo(1);
    assertThat(batch.get("name").asText()).isEqualTo("copy-1");
    List<String> fields = new java.util.ArrayList<>();
    batch.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("id", "name", "owner", "proxyUser", "state", "appId", "appInfo", "log");
    assertThat(batch.get("appId").isNull()).isTrue();

    HttpResponse<String> again = authed("POST", "/batches", HELLO);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(json(again).get("id").asInt()).isEqualTo(1);

    assertThat(json(authed("GET", "/batches/copy-1", null)).get("id").asInt()).isEqualTo(1);
    JsonNode state = json(authed("GET", "/batches/copy-1/state", null));
    assertThat(state.get("id").asInt()).isEqualTo(1);
    assertThat(state.get("state").asText()).isIn("starting", "running", "success");
    assertThat(json(authed("GET", "/batches/copy-1/log?size=1", null)).get("total").asInt()).isPositive();
  }

  @Test
  void deleteAnswersDeletedThenTheBatchIsGone() throws Exception {
    authed("POST", "/batches", HELLO);
    HttpResponse<String> deleted = authed("DELETE", "/batches/1", null);
    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(deleted.body()).isEqualTo("{\"msg\":\"deleted\"}");
    HttpResponse<String> gone = authed("GET", "/batches/1", null);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(msg(gone)).isEqualTo("Session '1' not found.");
    assertThat(authed("DELETE", "/batches/1", null).statusCode()).isEqualTo(404);
  }

  @Test
  void badRequestsAre400WithLivysMessages() throws Exception {
    HttpResponse<String> malformed = authed("POST", "/batches", "{\"file\":");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(msg(malformed)).isNotBlank().doesNotContain("\tat ");

    HttpResponse<String> unknown = authed("POST", "/batches", "{\"file\":\"f.jar\",\"className\":\"x\",\"ttl\":\"1h\"}");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(msg(unknown)).startsWith("Unrecognized field \"ttl\"");

    HttpResponse<String> noFile = authed("POST", "/batches", "{\"className\":\"x\"}");
    assertThat(noFile.statusCode()).isEqualTo(400);
    assertThat(msg(noFile)).isEqualTo("File is required.");

    assertThat(authed("POST", "/batches", "").statusCode()).isEqualTo(400);
    assertThat(authed("POST", "/batches", "null").statusCode()).isEqualTo(400);
    assertThat(authed("POST", "/batches", "[1,2]").statusCode()).isEqualTo(400);
    assertThat(authed("POST", "/batches", "{\"file\":\"f\",\"args\":\"notalist\"}").statusCode()).isEqualTo(400);
    assertThat(authed("POST", "/batches", "{\"file\":\"f\",\"driverCores\":\"many\"}").statusCode()).isEqualTo(400);
    assertThat(authed("POST", "/batches", "{\"file\":\"f\"} trailing").statusCode()).isEqualTo(400);

    HttpResponse<String> badFrom = authed("GET", "/batches?from=abc", null);
    assertThat(badFrom.statusCode()).isEqualTo(400);
    assertThat(msg(badFrom)).contains("'from' must be an integer");
    assertThat(authed("GET", "/batches/1/log?size=99999999999", null).statusCode()).isEqualTo(400);
    assertThat(engine.jobs()).isEmpty();
  }

  @Test
  void unknownBatchesAndPathsAre404() throws Exception {
    HttpResponse<String> r = authed("GET", "/batches/42", null);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(msg(r)).isEqualTo("Session '42' not found.");
    assertThat(authed("GET", "/batches/42/state", null).statusCode()).isEqualTo(404);
    assertThat(authed("GET", "/batches/42/log", null).statusCode()).isEqualTo(404);
    assertThat(authed("GET", "/batches/no%20such/state", null).statusCode()).isEqualTo(404);
    assertThat(authed("GET", "/batches/99999999999999", null).statusCode()).isEqualTo(404);
    assertThat(authed("GET", "/sessions", null).statusCode()).isEqualTo(404);
    assertThat(authed("GET", "/batches/1/other", null).statusCode()).isEqualTo(404);
  }

  @Test
  void otherMethodsAre405() throws Exception {
    HttpResponse<String> put = authed("PUT", "/batches", "{}");
    assertThat(put.statusCode()).isEqualTo(405);
    assertThat(put.headers().firstValue("Allow")).contains("GET, POST");
    assertThat(authed("POST", "/batches/1", "{}").statusCode()).isEqualTo(405);
    assertThat(authed("DELETE", "/batches/1/state", null).statusCode()).isEqualTo(405);
  }

  @Test
  void bodiesOverOneMebibyteAre413() throws Exception {
    String head = "POST /batches HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + AUTH
        + "\r\nX-Requested-By: t\r\nContent-Type: application/json\r\nContent-Length: " + (2 << 20) + "\r\n\r\n";
    assertThat(rawStatusLine(head.getBytes(StandardCharsets.US_ASCII))).contains(" 413 ");

    String big = "{\"file\":\"" + "x".repeat((1 << 20) + 10) + "\"}";
    HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(URI.create(server.uri() + "/batches"))
        .header("Authorization", AUTH).header("X-Requested-By", "t")
        .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofString(big))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(chunked.statusCode()).isEqualTo(413);
    assertThat(engine.jobs()).isEmpty();
  }

  @Test
  void garbageDoesNotHurtTheServer() throws Exception {
    rawStatusLine("\u0000\u0001 garbage \r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    rawStatusLine("GET /batches/%zz HTTP/1.1\r\nHost: x\r\nAuthorization: ".concat(AUTH).concat("\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    assertThat(authed("GET", "/batches/%E2%82%AC", null).statusCode()).isEqualTo(404);
    assertThat(authed("GET", "/batches", null).statusCode()).isEqualTo(200);
  }

  @Test
  void aFailureInsideIs500WithoutStackTrace() throws Exception {
    ComputeEngine broken = (ComputeEngine) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {ComputeEngine.class}, (p, m, a) -> {
          throw new IllegalStateException("secret detail of the engine");
        });
    try (LivyServer s = LivyServer.builder(new EngineBatches(broken, "nowhere"), "adf", "s3cret").port(0).start()) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(s.uri() + "/batches"))
          .header("Authorization", AUTH).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(500);
      assertThat(msg(r)).contains("internal error").doesNotContain("secret detail").doesNotContain("\tat ");
    }
  }

  @Test
  void bindsLoopbackAndValidatesItsOptions() {
    assertThat(server.uri().getHost()).isEqualTo("127.0.0.1");
    EngineBatches b = new EngineBatches(engine, "x");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> LivyServer.builder(b, "adf", " ").start())
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> LivyServer.builder(b, "adf", "p").port(70000).start())
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Sends raw bytes and returns the response's status line (or "" when the server closed). */
  String rawStatusLine(byte[] request) throws Exception {
    try (Socket s = new Socket(server.uri().getHost(), server.port())) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(request);
      out.flush();
      InputStream in = s.getInputStream();
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0 && c != '\n') {
        line.append((char) c);
      }
      return line.toString();
    }
  }
}
