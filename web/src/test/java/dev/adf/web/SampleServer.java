package dev.adf.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.adf.orchestrator.cli.MonitoringView;
import dev.adf.orchestrator.history.AuditEntry;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.testing.Harness;
import dev.adf.orchestrator.testing.SampleFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** The Spark sample deployed, run to Ready, and served by the real web server; HTTP helpers. */
final class SampleServer implements AutoCloseable {
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final String PIPELINE = "SparkSubmit";
  static final String ACTIVITY = "Spark Launcher";
  static final String WINDOW = "2015-11-16T00:00:00Z";
  static final ObjectMapper JSON = new ObjectMapper();

  final Harness h;
  final WebServer server;
  final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  /** Deploys the sample with {@code config} (null: the local config), runs it until idle, serves it. */
  SampleServer(Path dir, Path config, String token) throws Exception {
    h = new Harness(dir.resolve("home"), NOW);
    Path cfg = config != null ? config : SampleFactory.config(dir.resolve("local.json"), "UseLocalStore=true");
    h.deploy(SampleFactory.copy(dir.resolve("factory")), cfg);
    SampleFactory.putInput(h.orchestrator.storageRoot());
    h.runUntilIdle();
    assertThat(window().state().status()).isEqualTo(WindowStatus.Ready);
    server = WebServer.start(h.orchestrator, new MonitoringView.Options("127.0.0.1", 0, token));
  }

  String base() {
    return "http://127.0.0.1:" + server.port();
  }

  ActivityWindow window() {
    return h.windows().get(0);
  }

  List<AuditEntry> audit() {
    return h.orchestrator.history().audit(0, 10);
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base() + path));
  }

  HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws Exception {
    return send(request(path));
  }

  String csrf() throws Exception {
    HttpResponse<String> r = get("/api/csrf");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).path("token").asText();
  }

  static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static String rerunForm() {
    return "action=rerun&pipeline=" + q(PIPELINE) + "&activity=" + q(ACTIVITY) + "&window=" + q(WINDOW);
  }

  static String rerunJson(boolean preview) {
    return "{\"pipeline\": \"" + PIPELINE + "\", \"activity\": \"" + ACTIVITY + "\", \"window\": \"" + WINDOW + "\""
        + (preview ? ", \"preview\": true" : "") + "}";
  }

  HttpRequest.Builder postForm(String path, String form) {
    return request(path).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form));
  }

  HttpRequest.Builder postJson(String path, String json) {
    return request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Override
  public void close() throws Exception {
    try {
      server.close();
    } finally {
      h.close();
    }
  }
}
