package dev.adf.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.orchestrator.cli.MonitoringView;
import dev.adf.orchestrator.status.WindowState;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.Store;
import dev.adf.orchestrator.store.WindowKey;
import dev.adf.orchestrator.testing.Harness;
import dev.adf.orchestrator.testing.TestFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The overview's strips and the diagram, served by the real server over a deployed factory. */
class OverviewAndDiagramPageTest {
  static final Instant NOW = Instant.parse("2016-01-01T00:30:00Z");
  static final String PERIOD = "\"start\": \"2015-12-20T00:00:00Z\", \"end\": \"2016-01-10T00:00:00Z\"";

  @TempDir Path dir;
  Harness h;
  WebServer server;

  @BeforeEach
  void start() {
    h = new Harness(dir.resolve("home"), NOW);
    String raw = """
        {"name": "raw", "properties": {"type": "AzureBlob", "linkedServiceName": "StorageLinkedService",
          "typeProperties": {"folderPath": "in/raw"}, "external": true,
          "availability": {"frequency": "Hour", "interval": 1}}}""";
    h.deploy(TestFactory.folder(dir.resolve("factory"), "raw", raw,
        "stage", TestFactory.dataset("stage", "Hour", "EndOfInterval"),
        "clean", TestFactory.dataset("clean", "Hour", "EndOfInterval"),
        "report", TestFactory.dataset("report", "Hour", "EndOfInterval"),
        "Ingest", TestFactory.pipeline("Ingest", "[{\"name\": \"raw\"}]", "stage", "{}", PERIOD, Object.class),
        "Transform", TestFactory.pipeline("Transform", "[{\"name\": \"stage\"}]", "clean", "{}", PERIOD, Object.class),
        "Publish", TestFactory.pipeline("Publish", "[{\"name\": \"clean\"}]", "report", "{}", PERIOD, Object.class)),
        null);
    server = WebServer.start(h.orchestrator, new MonitoringView.Options("127.0.0.1", 0, null));
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    h.close();
  }

  private String get(String path) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  private void finish(String pipeline, String start, WindowStatus end) {
    Store store = h.orchestrator.store();
    ActivityWindow w = store.window(new WindowKey(pipeline, pipeline, Instant.parse(start))).orElseThrow();
    assertThat(store.transition(w, WindowState.of(WindowStatus.InProgress), Store.WindowChange.keep(w), "t", NOW))
        .isTrue();
    ActivityWindow running = store.window(w.key()).orElseThrow();
    assertThat(store.transition(running, WindowState.of(end), Store.WindowChange.keep(running), "t", NOW)).isTrue();
  }

  private static List<String> all(String html, String regex) {
    Matcher m = Pattern.compile(regex).matcher(html);
    List<String> out = new java.util.ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void eachActivitysStripShowsTheLast120HourlyWindowsUpToNowOnDayLines() throws Exception {
    finish("Ingest", "2015-12-31T23:00:00Z", WindowStatus.Ready);
    finish("Ingest", "2015-12-31T22:00:00Z", WindowStatus.Failed);
    String html = get("/");
    String ingest = html.substring(html.indexOf("data-activity=\"Ingest\""), html.indexOf("</svg>",
        html.indexOf("data-activity=\"Ingest\"")));

    // Now is in the window [00:00, 01:00): the strip ends there and covers 120 hours before; the
    // windows laid out ahead of the clock (a week) are not on it.
    List<String> starts = all(ingest, "class=\"win [^\"]*\" data-status=\"\\w+\" data-start=\"([^\"]+)\"");
    assertThat(starts).hasSize(120);
    assertThat(starts.get(0)).isEqualTo("2015-12-27T01:00:00Z");
    assertThat(starts.get(119)).isEqualTo("2016-01-01T00:00:00Z");
    assertThat(all(ingest, "data-status=\"(\\w+)\" data-start=\"2015-12-31T2[23]:00:00Z\""))
        .containsExactly("Failed", "Ready");
    assertThat(ingest).contains("class=\"win st-Ready\"")
        .contains("<a href=\"/window?pipeline=Ingest&amp;activity=Ingest&amp;start=2015-12-31T23%3A00%3A00Z\">")
        .contains("<title>2015-12-31 23:00:00Z → 2016-01-01 00:00:00Z Ready</title>")
        .contains("<title>2016-01-01 00:00:00Z → 2016-01-01 01:00:00Z Waiting/ScheduledTime</title>");
    // Five days: a line at each UTC midnight, January 1 bolder (a month boundary).
    assertThat(all(ingest, "data-at=\"([^\"]+)\"")).containsExactly("2015-12-28T00:00:00Z", "2015-12-29T00:00:00Z",
        "2015-12-30T00:00:00Z", "2015-12-31T00:00:00Z", "2016-01-01T00:00:00Z");
    assertThat(ingest).contains("<line class=\"grid major\" data-at=\"2016-01-01T00:00:00Z\"");
    assertThat(html).contains("data-action=\"pause\" data-pipeline=\"Ingest\"");
  }

  @Test
  void theDiagramChainsThreePipelinesThroughDatasetsWithStatusesAndPauseButtons() throws Exception {
    finish("Ingest", "2015-12-31T23:00:00Z", WindowStatus.Ready);
    finish("Transform", "2015-12-31T22:00:00Z", WindowStatus.Failed);
    h.orchestrator.store().pause("Transform", false, NOW);
    String html = get("/diagram");

    // Seven layers: raw, Ingest, stage, Transform, clean, Publish, report; edges left to right.
    assertThat(all(html, "<polyline class=\"edge\"[^>]*points=\"([^\"]+)\"")).hasSize(6).allSatisfy(points -> {
      String[] p = points.split(" ");
      assertThat(Double.parseDouble(p[p.length - 1].split(",")[0]))
          .isGreaterThan(Double.parseDouble(p[0].split(",")[0]));
    });
    assertThat(html).contains("data-dataset=\"raw\" data-status=\"external\"")
        .contains("data-dataset=\"stage\" data-status=\"Ready\"")
        .contains("data-dataset=\"clean\" data-status=\"Failed\"")
        // Nothing of Publish has left ScheduledTime: its latest window stands for report.
        .contains("data-dataset=\"report\" data-status=\"Waiting\"")
        .contains("<g class=\"node dataset external\"")
        .contains("<g class=\"node activity paused\" data-pipeline=\"Transform\" data-activity=\"Transform\">")
        .contains("<a href=\"/windows?pipeline=Ingest&amp;activity=Ingest\">")
        .contains("data-action=\"resume\" data-pipeline=\"Transform\" hx-get=\"/actions/preview?action=resume&pipeline=Transform\" hx-target=\"#preview\"")
        .contains("data-action=\"pause-terminate\" data-pipeline=\"Publish\"")
        .contains("<div id=\"preview\"></div>")
        .contains("<code id=\"cli-command\">adf windows</code>")
        .contains("<marker id=\"arrow\"");
    assertThat(html).doesNotContain("style=");
  }
}
