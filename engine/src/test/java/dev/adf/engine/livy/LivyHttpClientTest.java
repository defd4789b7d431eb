package dev.adf.engine.livy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a stub that answers like Livy 0.7.1 behind the {@code /livy} prefix (HDInsight). */
class LivyHttpClientTest {

  static final String PASSWORD = "p4ss-w0rd";

  record Req(String method, String uri, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().get(0))
          .findFirst().orElse(null);
    }
  }

  record Resp(int status, String body) {}

  /** Answers "METHOD /uri" from queued responses (the last one repeats); anything else is Livy's 404. */
  static final class StubLivy implements AutoCloseable {
    final List<Req> requests = new CopyOnWriteArrayList<>();
    final Map<String, Deque<Resp>> answers = new ConcurrentHashMap<>();
    final HttpServer server;

    StubLivy() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/livy/", x -> {
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String key = x.getRequestMethod() + " " + x.getRequestURI();
        requests.add(new Req(x.getRequestMethod(), x.getRequestURI().toString(), Map.copyOf(x.getRequestHeaders()), body));
        Deque<Resp> q = answers.get(key);
        Resp r;
        if (q == null) {
          r = new Resp(404, "{\"msg\":\"Session '" + x.getRequestURI().getPath().replaceAll(".*/batches/([^/]*).*", "$1")
              + "' not found.\"}");
        } else {
          synchronized (q) {
            r = q.size() > 1 ? q.poll() : q.peek();
          }
        }
        byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(r.status(), bytes.length == 0 ? -1 : bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
      });
      server.start();
    }

    void on(String methodAndUri, Resp... rs) {
      answers.put(methodAndUri, new ArrayDeque<>(List.of(rs)));
    }

    URI base() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/livy/");
    }

    List<String> calls() {
      return requests.stream().map(r -> r.method() + " " + r.uri()).toList();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  /** A batch as Livy 0.7.1+ sends it, with fields this client does not know. */
  static String batchJson(int id, String name, String state) {
    return "{\"id\":" + id + ",\"name\":\"" + name + "\",\"owner\":null,\"proxyUser\":null,\"state\":\"" + state
        + "\",\"appId\":null,\"appInfo\":{\"driverLogUrl\":null,\"sparkUiUrl\":null,\"executorLogUrls\":null},"
        + "\"log\":[\"stdout: \",\"\\nstderr: \"],\"ttl\":null}";
  }

  StubLivy stub;
  LivyHttpClient client;

  @BeforeEach
  void start() throws IOException {
    stub = new StubLivy();
    client = LivyHttpClient.builder(stub.base()).credentials("admin", PASSWORD).requestTimeout(Duration.ofSeconds(20))
        .build();
  }

  @AfterEach
  void stop() {
    client.close();
    stub.close();
  }

  static CreateBatchRequest request(String name) {
    return CreateBatchRequest.of("wasbs://jars@acct.blob.core.windows.net/app.jar", "com.adf.spark.demo.Demo",
        List.of("in", "out")).withName(name);
  }

  @Test
  void sendsJsonCsrfHeaderAndBasicAuthUnderThePathPrefixAndIgnoresNewFields() throws Exception {
    stub.on("POST /livy/batches", new Resp(201, batchJson(3, "copy-1", "starting")));
    Batch b = client.create(request("copy-1"));
    assertThat(b.id()).isEqualTo(3);
    assertThat(b.state()).isEqualTo("starting");
    assertThat(b.appInfo()).containsEntry("executorLogUrls", null);

    Req post = stub.requests.get(0);
    assertThat(post.uri()).isEqualTo("/livy/batches");
    assertThat(post.header("Content-Type")).isEqualTo("application/json");
    assertThat(post.header("X-Requested-By")).isEqualTo(LivyHttpClient.DEFAULT_REQUESTED_BY);
    assertThat(post.header("Authorization")).isEqualTo("Basic "
        + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    assertThat(post.body()).isEqualTo("{\"file\":\"wasbs://jars@acct.blob.core.windows.net/app.jar\","
        + "\"className\":\"com.adf.spark.demo.Demo\",\"args\":[\"in\",\"out\"],\"name\":\"copy-1\"}");
  }

  @Test
  void aDuplicateNameReturnsTheBatchOfThatName() throws Exception {
    stub.on("POST /livy/batches", new Resp(400, "{\"msg\":\"Duplicate session name: Some(copy-1) for session 6\"}"));
    stub.on("GET /livy/batches/copy-1", new Resp(200, batchJson(6, "copy-1", "running")));
    Batch b = client.create(request("copy-1"));
    assertThat(b.id()).isEqualTo(6);
    assertThat(b.state()).isEqualTo("running");
    assertThat(stub.calls()).doesNotContain("DELETE /livy/batches/6");
  }

  @Test
  void aRefusedCreateDeletesTheSessionLivyLeftBehindAndReadsABareStringError() throws Exception {
    stub.on("POST /livy/batches",
        new Resp(400, "\"requirement failed: Local path /etc/app.jar cannot be added to user sessions.\""));
    stub.on("GET /livy/batches/copy-2", new Resp(200, batchJson(7, "copy-2", "starting")));
    stub.on("DELETE /livy/batches/7", new Resp(200, "{\"msg\":\"deleted\"}"));
    assertThatThrownBy(() -> client.create(request("copy-2"))).isInstanceOf(LivyException.class)
        .hasMessageContaining("Local path /etc/app.jar cannot be added to user sessions.")
        .satisfies(e -> assertThat(((LivyException) e).status()).isEqualTo(400))
        .satisfies(e -> assertThat(((LivyException) e).serverMessage())
            .isEqualTo("requirement failed: Local path /etc/app.jar cannot be added to user sessions."));
    assertThat(stub.calls()).containsExactly("POST /livy/batches", "GET /livy/batches/copy-2", "DELETE /livy/batches/7");
  }

  @Test
  void aRequestWithoutNameIsSentWithAGeneratedOne() throws Exception {
    stub.on("POST /livy/batches", new Resp(400, "{\"msg\":\"File is required.\"}"));
    assertThatThrownBy(() -> client.create(CreateBatchRequest.of(null, "x.Y", null))).hasMessageContaining(
        "File is required.");
    assertThat(stub.requests.get(0).body()).matches("\\{\"className\":\"x.Y\",\"name\":\"adf-[0-9a-f-]{36}\"}");
    assertThat(stub.calls().get(1)).startsWith("GET /livy/batches/adf-");
  }

  @Test
  void readsTheLogsTotalAndSendsFromAndSize() throws Exception {
    stub.on("GET /livy/batches/3/log?from=0&size=2",
        new Resp(200, "{\"id\":3,\"from\":0,\"total\":57,\"log\":[\"a\",\"b\"]}"));
    BatchLog log = client.log(3, 0, 2);
    assertThat(log).isEqualTo(new BatchLog(3, 0, 57, List.of("a", "b")));
    stub.on("GET /livy/batches/3/log", new Resp(200, "{\"id\":3,\"from\":50,\"total\":57,\"log\":[]}"));
    assertThat(client.log(3, null, null).from()).isEqualTo(50);
  }

  @Test
  void listsAndLooksUpByName() throws Exception {
    stub.on("GET /livy/batches?from=0&size=2", new Resp(200, "{\"from\":0,\"total\":5,\"sessions\":["
        + batchJson(1, "a", "success") + "," + batchJson(2, "b", "dead") + "]}"));
    BatchList l = client.list(0, 2);
    assertThat(l.total()).isEqualTo(5);
    assertThat(l.sessions()).extracting(Batch::state).containsExactly("success", "dead");
    stub.on("GET /livy/batches/copy%20one", new Resp(200, batchJson(4, "copy one", "success")));
    assertThat(client.get("copy one")).get().extracting(Batch::id).isEqualTo(4);
  }

  @Test
  void goneBatchesAreEmptyOrFalse() throws Exception {
    assertThat(client.get("9")).isEmpty();
    assertThat(client.delete(9)).isFalse();
    assertThat(client.awaitChange(9, "running", Duration.ofSeconds(5))).isEmpty();
    assertThatThrownBy(() -> client.log(9, null, null)).isInstanceOf(LivyException.class)
        .hasMessageContaining("Session '9' not found.");
    stub.on("DELETE /livy/batches/8", new Resp(200, "{\"msg\":\"deleted\"}"));
    assertThat(client.delete(8)).isTrue();
  }

  @Test
  void awaitChangePollsTheStateUntilItDiffers() throws Exception {
    stub.on("GET /livy/batches/3/state", new Resp(200, "{\"id\":3,\"state\":\"starting\"}"),
        new Resp(200, "{\"id\":3,\"state\":\"starting\"}"), new Resp(200, "{\"id\":3,\"state\":\"running\"}"));
    stub.on("GET /livy/batches/3", new Resp(200, batchJson(3, "copy-1", "running")));
    long t0 = System.nanoTime();
    assertThat(client.awaitChange(3, "starting", Duration.ofSeconds(20))).get().extracting(Batch::state)
        .isEqualTo("running");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
    assertThat(stub.calls()).containsExactly("GET /livy/batches/3/state", "GET /livy/batches/3/state",
        "GET /livy/batches/3/state", "GET /livy/batches/3");

    stub.requests.clear();
    assertThat(client.awaitChange(3, "running", Duration.ofMillis(300))).get().extracting(Batch::state)
        .isEqualTo("running");
    assertThat(stub.calls()).hasSizeBetween(3, 4).endsWith("GET /livy/batches/3")
        .startsWith("GET /livy/batches/3/state", "GET /livy/batches/3/state");
  }

  @Test
  void neitherErrorsNorDescribeShowThePassword() throws Exception {
    assertThat(client.describe()).isEqualTo("Livy at " + stub.base().toString().replaceAll("/$", ""));
    stub.on("GET /livy/batches/1", new Resp(502, "<html><body>Bad gateway</body></html>"));
    assertThatThrownBy(() -> client.get("1")).isInstanceOf(LivyException.class)
        .hasMessageContaining("502").hasMessageContaining("Bad gateway").hasMessageNotContaining(PASSWORD)
        .hasMessageNotContaining(Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    stub.on("GET /livy/batches/2", new Resp(500, ""));
    assertThatThrownBy(() -> client.get("2")).hasMessageContaining("500");
    stub.on("GET /livy/batches/3", new Resp(200, "not json"));
    assertThatThrownBy(() -> client.get("3")).isInstanceOf(LivyException.class).hasMessageContaining("unreadable");
    assertThatThrownBy(() -> LivyHttpClient.builder(URI.create("https://admin:" + PASSWORD + "@c.azurehdinsight.net/livy")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining(PASSWORD);
  }

  @Test
  void anUnreachableServerIsStatusZero() throws Exception {
    URI gone;
    try (StubLivy other = new StubLivy()) {
      gone = other.base();
    }
    try (LivyHttpClient c = LivyHttpClient.builder(gone).connectTimeout(Duration.ofSeconds(5)).build()) {
      assertThatThrownBy(() -> c.list(0, 10)).isInstanceOf(LivyException.class)
          .satisfies(e -> assertThat(((LivyException) e).status()).isZero());
    }
  }
}
