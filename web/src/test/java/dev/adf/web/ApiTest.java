package dev.adf.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.adf.orchestrator.history.AuditEntry;
import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON API of the real server over the run Spark sample. */
class ApiTest {
  static final List<String> WINDOW_FIELDS = List.of("pipeline", "activity", "windowStart", "windowEnd", "status",
      "substatus", "attempts", "lastRunStart", "lastRunEnd");

  @TempDir Path dir;
  SampleServer s;
  String csrf;

  @BeforeEach
  void start() throws Exception {
    s = new SampleServer(dir, null, null);
    csrf = s.csrf();
  }

  @AfterEach
  void stop() throws Exception {
    s.close();
  }

  private static List<String> fields(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private JsonNode ok(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    return SampleServer.json(r);
  }

  private JsonNode error(HttpResponse<String> r, int status) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode n = SampleServer.json(r);
    assertThat(fields(n)).containsExactlyInAnyOrder("status", "error");
    assertThat(n.path("status").asInt()).isEqualTo(status);
    assertThat(n.path("error").asText()).isNotBlank().doesNotContain("\tat ").doesNotContain("Exception");
    return n;
  }

  private String runs() {
    return "?pipeline=" + SampleServer.q(SampleServer.PIPELINE) + "&activity=" + SampleServer.q(SampleServer.ACTIVITY)
        + "&window=" + SampleServer.q(SampleServer.WINDOW);
  }

  @Test
  void windowsHaveTheCliJsonFieldsAndPaging() throws Exception {
    JsonNode page = ok(s.get("/api/windows"));
    assertThat(fields(page)).containsExactlyInAnyOrder("windows", "total", "offset", "limit");
    assertThat(page.path("total").asInt()).isEqualTo(1);
    assertThat(page.path("offset").asInt()).isZero();
    assertThat(page.path("limit").asInt()).isPositive();
    assertThat(page.path("windows")).hasSize(1);
    JsonNode w = page.path("windows").get(0);
    assertThat(fields(w)).containsExactlyInAnyOrderElementsOf(WINDOW_FIELDS);
    assertThat(w.path("pipeline").asText()).isEqualTo(SampleServer.PIPELINE);
    assertThat(w.path("activity").asText()).isEqualTo(SampleServer.ACTIVITY);
    assertThat(w.path("windowStart").asText()).isEqualTo(SampleServer.WINDOW);
    assertThat(w.path("windowEnd").asText()).isEqualTo("2015-11-17T00:00:00Z");
    assertThat(w.path("status").asText()).isEqualTo("Ready");
    assertThat(w.path("attempts").asInt()).isEqualTo(1);
    assertThat(w.path("lastRunStart").isTextual()).isTrue();
    // The same fields as the CLI's JSON (HistoryJson.windows).
    JsonNode cli = SampleServer.JSON.readTree(SampleServer.JSON.writeValueAsString(
        dev.adf.orchestrator.history.HistoryJson.windows(s.h.windows())));
    assertThat(page.path("windows")).isEqualTo(cli);

    assertThat(ok(s.get("/api/windows?status=Failed")).path("windows")).isEmpty();
    assertThat(ok(s.get("/api/windows?status=Ready")).path("windows")).hasSize(1);
  }

  @Test
  void aBadFilterIs400JsonNamingTheParameter() throws Exception {
    JsonNode e = error(s.get("/api/windows?status=Bogus"), 400);
    assertThat(e.path("error").asText()).contains("status").contains("Bogus");
    assertThat(error(s.get("/api/windows?from=yesterday"), 400).path("error").asText()).contains("from");
  }

  @Test
  void runsListTheAttemptsOfAWindow() throws Exception {
    JsonNode runs = ok(s.get("/api/runs" + runs()));
    assertThat(runs).hasSize(1);
    JsonNode a = runs.get(0);
    assertThat(fields(a)).contains("attempt", "runId", "start", "end", "status", "error", "engineJob", "log");
    assertThat(a.path("attempt").asInt()).isEqualTo(1);
    assertThat(a.path("status").asText()).isEqualTo("Succeeded");
    assertThat(error(s.get("/api/runs?pipeline=SparkSubmit"), 400).path("error").asText()).contains("activity");
  }

  @Test
  void whyExplainsAWindowWithItsChain() throws Exception {
    JsonNode why = ok(s.get("/api/why" + runs()));
    assertThat(why.path("why").asText()).isNotBlank();
    assertThat(why.path("chain")).isNotEmpty();
    JsonNode first = why.path("chain").get(0);
    assertThat(first.path("pipeline").asText()).isEqualTo(SampleServer.PIPELINE);
    assertThat(first.path("activity").asText()).isEqualTo(SampleServer.ACTIVITY);
    assertThat(first.path("windowStart").asText()).isEqualTo(SampleServer.WINDOW);
    assertThat(first.path("status").asText()).isEqualTo("Ready");
    assertThat(first.path("line").asText()).isEqualTo(why.path("why").asText());
  }

  @Test
  void aRerunPreviewChangesNothingAndTheRerunDoesAndIsAudited() throws Exception {
    WindowState before = s.window().state();
    List<AuditEntry> audit = s.audit();
    JsonNode preview = ok(s.send(s.postJson("/api/rerun", SampleServer.rerunJson(true)).header(Guard.CSRF_HEADER, csrf)));
    assertThat(preview.path("preview").asBoolean()).isTrue();
    assertThat(preview.path("changes").asInt()).isEqualTo(1);
    assertThat(preview.path("windows")).hasSize(1);
    assertThat(fields(preview.path("windows").get(0))).containsExactlyInAnyOrderElementsOf(WINDOW_FIELDS);
    assertThat(preview.path("windows").get(0).path("windowStart").asText()).isEqualTo(SampleServer.WINDOW);
    assertThat(preview.path("command").asText()).contains("adf rerun").contains(SampleServer.WINDOW);
    assertThat(s.window().state()).isEqualTo(before);
    assertThat(s.audit()).isEqualTo(audit);

    JsonNode done = ok(s.send(s.postJson("/api/rerun", SampleServer.rerunJson(false)).header(Guard.CSRF_HEADER, csrf)));
    assertThat(done.path("preview").asBoolean()).isFalse();
    assertThat(done.path("changed").asInt()).isEqualTo(1);
    // The windows changed, as they were before the change (WindowActions.Outcome).
    assertThat(done.path("windows")).singleElement()
        .satisfies(w -> assertThat(w.path("windowStart").asText()).isEqualTo(SampleServer.WINDOW));
    assertThat(s.window().state().status()).isEqualTo(WindowStatus.Waiting);
    List<AuditEntry> after = s.audit();
    assertThat(after).hasSize(audit.size() + 1);
    AuditEntry entry = after.get(0);
    assertThat(entry.id()).isEqualTo(done.path("audit").asLong());
    assertThat(entry.action()).isEqualTo("rerun");
    assertThat(entry.changed()).isEqualTo(1);
    assertThat(entry.command()).contains("adf rerun");
  }

  @Test
  void badBodiesAre400AndAnUnknownWindowIs404AndNothingChanges() throws Exception {
    WindowState before = s.window().state();
    List<AuditEntry> audit = s.audit();
    assertThat(error(s.send(s.postJson("/api/rerun", "{\"pipeline\": ").header(Guard.CSRF_HEADER, csrf)), 400)
        .path("error").asText()).contains("JSON");
    error(s.send(s.postJson("/api/rerun", "[1, 2]").header(Guard.CSRF_HEADER, csrf)), 400);
    assertThat(error(s.send(s.postJson("/api/rerun", "{\"activity\": \"Spark Launcher\", \"window\": \""
        + SampleServer.WINDOW + "\"}").header(Guard.CSRF_HEADER, csrf)), 400).path("error").asText()).contains("pipeline");
    assertThat(error(s.send(s.postJson("/api/rerun", SampleServer.rerunJson(false).replace(SampleServer.WINDOW,
        "not-a-time")).header(Guard.CSRF_HEADER, csrf)), 400).path("error").asText()).contains("window");
    error(s.send(s.request("/api/rerun").header(Guard.CSRF_HEADER, csrf).header("Content-Type", "text/plain")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(SampleServer.rerunJson(false)))), 400);
    assertThat(s.audit()).isEqualTo(audit);

    error(s.send(s.postJson("/api/rerun", SampleServer.rerunJson(false).replace(SampleServer.WINDOW,
        "2015-11-20T00:00:00Z")).header(Guard.CSRF_HEADER, csrf)), 404);
    error(s.send(s.postJson("/api/rerun", SampleServer.rerunJson(true).replace(SampleServer.PIPELINE,
        "NoSuchPipeline")).header(Guard.CSRF_HEADER, csrf)), 404);
    error(s.get("/api/runs" + runs().replace(SampleServer.WINDOW.replace(":", "%3A"), "2015-11-20T00%3A00%3A00Z")), 404);
    assertThat(s.window().state()).isEqualTo(before);
  }
}
