package dev.adf.web.browser;

import dev.adf.engine.EngineJob;
import dev.adf.engine.JobContext;
import dev.adf.orchestrator.cli.MonitoringView;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.testing.Harness;
import dev.adf.orchestrator.testing.TestFactory;
import dev.adf.web.Fmt;
import dev.adf.web.WebServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Saves screenshots of every page of the monitoring web view to {@code docs/ui/} (or the folder given
 * as the first argument): a real orchestrator on a temp folder runs a factory of four hourly
 * pipelines chained through datasets, Ingest → Clean → Aggregate → Publish, from 06:00 to 14:00 UTC
 * on 2016-07-12; Ingest's 09:00 window fails, so the 09:00 windows downstream wait on it (one, two
 * and three levels deep); every other window that is due is Ready. Then a headless Chromium
 * (1280x900, {@link Browser}) opens each page.
 *
 * <p>A test-scope tool, not a test: run it with {@code tools/ui-screenshots.sh}.
 */
public final class Screenshots {
  static final Instant NOW = Instant.parse("2016-07-12T14:20:00Z");
  static final Instant FAILED = Instant.parse("2016-07-12T09:00:00Z");
  static final String PERIOD = "\"start\": \"2016-07-12T06:00:00Z\", \"end\": \"2016-07-13T00:00:00Z\"";

  private Screenshots() {}

  /**
   * The pipelines' job: logs a few lines and succeeds, or fails (exit 3) when the home's {@code
   * failing-hours} folder has a file named like its argument, the slice hour ({@code yyyyMMddHH}).
   * It runs in the engine's child JVM; its work folder is {@code <home>/engine/<jobId>}.
   */
  public static final class HourJob implements EngineJob {
    @Override
    public int run(JobContext ctx) {
      String hour = ctx.args().isEmpty() ? "" : ctx.args().get(0);
      ctx.log().println("slice " + hour + ": reading the input slice");
      Path home = ctx.workDir().getParent().getParent();
      if (Files.exists(home.resolve("failing-hours").resolve(hour))) {
        ctx.log().println("slice " + hour + ": the input has 0 rows where 1 or more are required");
        ctx.log().println("slice " + hour + ": failing (exit 3)");
        return 3;
      }
      ctx.log().println("slice " + hour + ": 1 file written");
      return 0;
    }
  }

  static String pipeline(String name, String input, String output) {
    String inputs = input == null ? "[]" : "[{\"name\": \"" + input + "\"}]";
    return """
        {"name": "%s", "properties": {"description": "%s, hourly", "activities": [{
            "name": "%s", "type": "HDInsightMapReduce", "linkedServiceName": "HDInsightLinkedService",
            "typeProperties": {"className": "unused", "jarFilePath": "libs/unused.jar",
              "arguments": ["--mainClass", "%s", "$$Text.Format('{0:yyyyMMddHH}', SliceStart)"]},
            "inputs": %s, "outputs": [{"name": "%s"}],
            "policy": {"concurrency": 4, "retry": 0, "timeout": "00:30:00"}}],
          %s}}"""
        .formatted(name, name, name, HourJob.class.getName(), inputs, output, PERIOD);
  }

  public static void main(String[] args) throws Exception {
    Path out = (args.length > 0 ? Path.of(args[0]) : Harness.repoRoot().resolve("docs/ui")).toAbsolutePath();
    Files.createDirectories(out);
    Path tmp = Files.createTempDirectory("adf-screenshots-");
    try {
      run(tmp, out);
    } finally {
      try (Stream<Path> walk = Files.walk(tmp)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
    System.exit(0); // the engine's and Jetty's non-daemon threads are closed; leave no straggler
  }

  private static void run(Path tmp, Path out) throws Exception {
    Path home = tmp.resolve("home");
    Files.createDirectories(home.resolve("failing-hours"));
    Files.writeString(home.resolve("failing-hours").resolve("2016071209"), "");
    Path factory = TestFactory.folder(tmp.resolve("factory"),
        "raw", TestFactory.dataset("raw", "Hour", "EndOfInterval"),
        "cleaned", TestFactory.dataset("cleaned", "Hour", "EndOfInterval"),
        "aggregated", TestFactory.dataset("aggregated", "Hour", "EndOfInterval"),
        "published", TestFactory.dataset("published", "Hour", "EndOfInterval"),
        "Ingest", pipeline("Ingest", null, "raw"),
        "Clean", pipeline("Clean", "raw", "cleaned"),
        "Aggregate", pipeline("Aggregate", "cleaned", "aggregated"),
        "Publish", pipeline("Publish", "aggregated", "published"));
    try (Harness h = new Harness(home, NOW)) {
      h.deploy(factory, null);
      h.runUntilIdle();
      System.out.println("windows: " + h.windows().stream().collect(java.util.stream.Collectors.groupingBy(
          (ActivityWindow w) -> w.state().toString(), java.util.stream.Collectors.counting())));
      try (WebServer server = WebServer.start(h.orchestrator, new MonitoringView.Options("127.0.0.1", 0, null));
          Browser b = Browser.open(server.port())) {
        shoot(b, "/", ".card.pipeline svg.strip", out.resolve("overview.png"));
        shoot(b, "/diagram", "svg.diagram", out.resolve("diagram.png"));
        shoot(b, "/windows?view=recent", "#rows tr[data-status]", out.resolve("windows.png"));
        shoot(b, url("Publish", FAILED), "ol#chain li.root", out.resolve("window.png"));
        shoot(b, url("Ingest", FAILED), "table#attempts tr[data-attempt]", out.resolve("window-failed.png"));
        b.click("table#attempts tr[data-attempt='1'] a.log-link");
        b.until(d -> b.path().startsWith("/log?"));
        shoot(b, null, "pre#log", out.resolve("log.png"));
        shoot(b, "/definitions", "table#deployed", out.resolve("definitions.png"));

        // The rerun preview of the failed window, then confirmed (no pass follows: nothing runs).
        shoot(b, url("Ingest", FAILED), "#rerun", null);
        b.click("#rerun");
        b.visible("#preview #preview-windows");
        shoot(b, null, "#confirm", out.resolve("preview.png"));
        b.click("#preview #confirm");
        b.visible("#action-result");
        // A pause and a resume from the diagram, for the audit log.
        for (String action : List.of("pause", "resume")) {
          b.get("/diagram");
          b.click("button[data-action='" + action + "'][data-pipeline='Publish']");
          b.visible("#preview #confirm");
          b.click("#preview #confirm");
          b.visible("#action-result");
        }
        shoot(b, "/audit", "table#audit", out.resolve("audit.png"));
      }
    }
  }

  private static String url(String pipeline, Instant start) {
    return Fmt.windowUrl(pipeline, pipeline, start);
  }

  /** Opens {@code path} (or stays, for null), waits for {@code css} and for htmx, saves {@code file} (or not, for null). */
  private static void shoot(Browser b, String path, String css, Path file) {
    if (path != null) {
      b.get(path);
    }
    b.visible(css);
    b.htmxSettled();
    if (file != null) {
      b.screenshot(file);
      System.out.println("saved " + file);
    }
  }
}
