package dev.adf.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.adf.orchestrator.cli.MonitoringView;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.testing.Harness;
import dev.adf.orchestrator.testing.SampleFactory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web view's protection over real HTTP on a real server over the quickstart sample (run to the
 * end on the real orchestrator): CSRF token, Origin and Sec-Fetch-Site on POSTs, the Host header,
 * other methods, the security headers, token authentication, and no deployed secret on any page.
 */
class GuardTest {
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final String WINDOW = "2015-11-16T00:00:00Z";
  /** A password the definitions hold; no answer of the web view may contain it. */
  static final String SECRET = "pw-" + UUID.randomUUID();

  @TempDir static Path tmp;
  static Harness h;
  static WebServer server;
  static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void start() throws Exception {
    h = new Harness(tmp.resolve("home"), NOW);
    Path config = SampleFactory.config(tmp.resolve("local.json"), "UseLocalStore=true");
    ObjectNode root = (ObjectNode) Json.MAPPER.readTree(config.toFile());
    for (JsonNode entry : root.path("HDInsightLinkedService")) {
      if (entry.path("name").asText().endsWith(".password")) {
        ((ObjectNode) entry).put("value", SECRET);
      }
    }
    Files.writeString(config, Json.MAPPER.writeValueAsString(root));
    h.deploy(SampleFactory.copy(tmp.resolve("factory")), config);
    SampleFactory.putInput(h.orchestrator.storageRoot());
    h.runUntilIdle();
    server = WebServer.start(h.orchestrator, new MonitoringView.Options("127.0.0.1", 0, null));
  }

  @AfterAll
  static void stop() throws Exception {
    try (AutoCloseable s = server; AutoCloseable x = h) {
      // closed in reverse order
    }
  }

  static String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpRequest.Builder rerunForm() {
    return HttpRequest.newBuilder(URI.create(url("/actions/run")))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("action=rerun&pipeline=SparkSubmit&activity=Spark+Launcher&window="
            + WINDOW));
  }

  static String csrf() throws Exception {
    return Json.MAPPER.readTree(send(HttpRequest.newBuilder(URI.create(url("/api/csrf")))).body()).get("token")
        .asText();
  }

  static WindowStatus status() {
    return h.windows().get(0).state().status();
  }

  @Test
  void aPostWithoutTheTokenOrFromAnotherSiteIsRefusedAndChangesNothing() throws Exception {
    int audit = h.orchestrator.history().audit(0, 100).size();
    var noToken = send(rerunForm());
    assertThat(noToken.statusCode()).isEqualTo(403);
    assertThat(noToken.body()).contains("CSRF token", "nothing was changed");
    var api = send(HttpRequest.newBuilder(URI.create(url("/api/rerun"))).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"pipeline\":\"SparkSubmit\",\"activity\":\"Spark Launcher\","
            + "\"window\":\"" + WINDOW + "\"}")));
    assertThat(api.statusCode()).isEqualTo(403);
    assertThat(api.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
    String token = csrf();
    assertThat(send(rerunForm().header(Guard.CSRF_HEADER, token).header("Origin", "http://evil.example"))
        .statusCode()).isEqualTo(403);
    assertThat(send(rerunForm().header(Guard.CSRF_HEADER, token).header("Sec-Fetch-Site", "cross-site"))
        .statusCode()).isEqualTo(403);
    assertThat(send(rerunForm().header(Guard.CSRF_HEADER, "wrong" + token)).statusCode()).isEqualTo(403);
    assertThat(status()).isEqualTo(WindowStatus.Ready);
    assertThat(h.orchestrator.history().audit(0, 100)).hasSize(audit);

    // A preview (GET) changes nothing either.
    assertThat(send(HttpRequest.newBuilder(URI.create(url("/actions/preview?action=rerun&pipeline=SparkSubmit"
        + "&activity=Spark%20Launcher&window=" + WINDOW)))).body()).contains("Rerun: back to Waiting 1 window(s)");
    assertThat(status()).isEqualTo(WindowStatus.Ready);

    var ok = send(rerunForm().header(Guard.CSRF_HEADER, token).header("Origin", url("")).header("Sec-Fetch-Site",
        "same-origin"));
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(status()).isEqualTo(WindowStatus.Waiting);
    assertThat(h.orchestrator.history().audit(0, 1)).singleElement()
        .satisfies(e -> assertThat(e.actor()).isEqualTo("web:127.0.0.1"));
    h.runUntilIdle();
    assertThat(status()).isEqualTo(WindowStatus.Ready);
  }

  @Test
  void anotherHostNameOtherMethodsAndTheSecurityHeaders() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      OutputStream out = s.getOutputStream();
      out.write(("GET / HTTP/1.1\r\nHost: evil.example:" + server.port() + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String status = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();
      assertThat(status).startsWith("HTTP/1.1 403");
    }
    var put = send(HttpRequest.newBuilder(URI.create(url("/windows"))).PUT(HttpRequest.BodyPublishers.noBody()));
    assertThat(put.statusCode()).isEqualTo(405);
    var page = send(HttpRequest.newBuilder(URI.create(url("/"))));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v ->
        assertThat(v).contains("default-src 'self'", "frame-ancestors 'none'"));
    assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    var bad = send(HttpRequest.newBuilder(URI.create(url("/windows?status=%3Cscript%3E"))));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
  }

  @Test
  void aServerWithATokenWantsItFromEveryClient() throws Exception {
    String token = "t-" + UUID.randomUUID();
    try (WebServer s = WebServer.start(h.orchestrator, new MonitoringView.Options("127.0.0.1", 0, token))) {
      String base = "http://127.0.0.1:" + s.port();
      assertThat(send(HttpRequest.newBuilder(URI.create(base + "/windows"))).statusCode()).isEqualTo(401);
      var link = send(HttpRequest.newBuilder(URI.create(base + "/windows?token=" + token + "&status=Ready")));
      assertThat(link.statusCode()).isEqualTo(303);
      assertThat(link.headers().firstValue("Location")).contains("/windows?status=Ready");
      String cookie = link.headers().firstValue("Set-Cookie").orElseThrow();
      assertThat(cookie).contains("HttpOnly").containsIgnoringCase("SameSite=Strict");
      assertThat(send(HttpRequest.newBuilder(URI.create(base + "/windows")).header("Cookie",
          cookie.substring(0, cookie.indexOf(';')))).statusCode()).isEqualTo(200);
      assertThat(send(HttpRequest.newBuilder(URI.create(base + "/api/windows")).header("Authorization",
          "Bearer " + token)).statusCode()).isEqualTo(200);
      assertThat(send(HttpRequest.newBuilder(URI.create(base + "/api/windows")).header("Authorization",
          "Bearer nope")).statusCode()).isEqualTo(401);
      assertThat(s.url()).endsWith("?token=" + token);
    }
  }

  /** Every page and fragment the pages link to, the API and the log download: none holds the password. */
  @Test
  void noPageFragmentOrApiAnswerHoldsADeployedSecret() throws Exception {
    Pattern links = Pattern.compile("(?:href|hx-get)=\"(/[^\"#]*)\"");
    Deque<String> todo = new ArrayDeque<>();
    Set<String> seen = new HashSet<>();
    todo.add("/");
    todo.add("/api/windows");
    todo.add("/api/runs?pipeline=SparkSubmit&activity=Spark%20Launcher&window=" + WINDOW);
    todo.add("/api/why?pipeline=SparkSubmit&activity=Spark%20Launcher&window=" + WINDOW);
    todo.add("/log/download?pipeline=SparkSubmit&activity=Spark%20Launcher&start=" + WINDOW + "&attempt=1");
    int pages = 0;
    while (!todo.isEmpty() && seen.size() < 300) {
      String path = todo.pop();
      if (!seen.add(path)) {
        continue;
      }
      var r = send(HttpRequest.newBuilder(URI.create(url(path.replace("&amp;", "&").replace(" ", "%20")))));
      assertThat(r.body()).as(path).doesNotContain(SECRET);
      assertThat(r.headers().map().toString()).as(path).doesNotContain(SECRET);
      pages++;
      Matcher m = links.matcher(r.body());
      while (m.find()) {
        if (!m.group(1).startsWith("/static/")) {
          todo.add(m.group(1));
        }
      }
    }
    assertThat(seen).contains("/definitions", "/diagram", "/audit").anyMatch(p -> p.startsWith("/definitions/"))
        .anyMatch(p -> p.startsWith("/window?")).anyMatch(p -> p.startsWith("/log?"));
    assertThat(pages).isGreaterThan(15);
    // The secret is really deployed: the store has it sealed (issue 16), the scheduler opens it, the
    // pages mask it.
    assertThat(h.orchestrator.store().deployedEntities()).noneMatch(e -> e.json().contains(SECRET));
    assertThat(h.orchestrator.deployedFactory().factory().linkedServices())
        .anyMatch(ls -> ls.typeProperties().toString().contains(SECRET));
  }
}
