package dev.adf.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adf.engine.http.HostileHttpContract;
import dev.adf.engine.http.HttpLimits;
import dev.adf.orchestrator.cli.MonitoringView;
import dev.adf.orchestrator.testing.Harness;
import dev.adf.orchestrator.testing.SampleFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HostileHttpContract} against the web view with a token (as {@code adf ui --auth token}), over
 * the Spark sample run to Ready; afterwards no hostile request has changed anything (the audit log is
 * empty, the window still Ready).
 */
class WebServerHostileTest extends HostileHttpContract {
  static final String TOKEN = "hostile-test-token-0123456789";

  @TempDir static Path dir;
  static Harness h;
  WebServer server;
  String csrf;

  @BeforeAll
  static void sample() throws Exception {
    h = new Harness(dir.resolve("home"), SampleServer.NOW);
    h.deploy(SampleFactory.copy(dir.resolve("factory")), SampleFactory.config(dir.resolve("local.json"),
        "UseLocalStore=true"));
    SampleFactory.putInput(h.orchestrator.storageRoot());
    h.runUntilIdle();
  }

  @AfterAll
  static void nothingChanged() throws Exception {
    try {
      assertThat(h.orchestrator.history().audit(0, 10)).as("no hostile request changed anything").isEmpty();
      assertThat(h.windows().get(0).state().status().name()).isEqualTo("Ready");
    } finally {
      h.close();
    }
  }

  @Override
  protected int start(HttpLimits limits) throws Exception {
    server = WebServer.start(h.orchestrator, new MonitoringView.Options("127.0.0.1", 0, TOKEN), limits);
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.port() + "/api/csrf")).header("Authorization", "Bearer " + TOKEN)
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    csrf = SampleServer.JSON.readTree(r.body()).path("token").asText();
    return server.port();
  }

  @Override
  protected void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected String[] credentials() {
    return new String[] {"Authorization", "Bearer " + TOKEN};
  }

  @Override
  protected String readPath() {
    return "/api/windows";
  }

  @Override
  protected String postPath() {
    return "/api/rerun";
  }

  @Override
  protected String[] postHeaders() {
    return new String[] {Guard.CSRF_HEADER, csrf};
  }

  @Override
  protected List<String> wrongTypedBodies() {
    String w = "\"pipeline\":\"" + SampleServer.PIPELINE + "\",\"activity\":\"" + SampleServer.ACTIVITY + "\"";
    return List.of("null", "[1,2]", "\"a string\"", "42", "{}", "{\"pipeline\":5}", "{\"pipeline\":\"\"}",
        "{\"pipeline\":[\"a\"]}", "{" + w + "}", "{" + w + ",\"window\":\"not-a-time\"}",
        "{" + w + ",\"window\":\"" + SampleServer.WINDOW + "\",\"upstream\":\"yes\"}",
        "{" + w + ",\"window\":\"" + SampleServer.WINDOW + "\",\"from\":\"2015-11-16T00:00:00Z\"}",
        "{" + w + ",\"from\":\"2015-11-17T00:00:00Z\",\"to\":\"2015-11-16T00:00:00Z\"}",
        "{" + w + ",\"window\":{\"nested\":[[[]]]}}");
  }

  /** JSON {@code {status, error}} under /api/; plain {@code "STATUS message"} where Jetty answered first. */
  @Override
  protected String message(int status, String contentType, String body) throws Exception {
    assertThat(contentType).isNotNull();
    if (contentType.startsWith("application/json")) {
      JsonNode n = SampleServer.JSON.readTree(body);
      assertThat(n.path("status").asInt()).isEqualTo(status);
      return n.path("error").asText();
    }
    assertThat(contentType).startsWith("text/plain");
    assertThat(body).startsWith(status + " ");
    return body.substring(4);
  }
}
