package dev.adf.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.orchestrator.cli.MonitoringView;
import dev.adf.orchestrator.it.DependencyPeriodRunTest.DayJob;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.store.ActivityWindow;
import dev.adf.orchestrator.store.Attempt;
import dev.adf.orchestrator.store.AttemptStatus;
import dev.adf.orchestrator.store.Store;
import dev.adf.orchestrator.store.WindowKey;
import dev.adf.orchestrator.testing.Harness;
import dev.adf.orchestrator.testing.TestFactory;
import dev.adf.web.Fmt;
import dev.adf.web.WebServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The monitoring view in a real headless Chromium over a real orchestrator (H2 store, scheduling
 * pass, attempt runner, engine jobs in child JVMs) that the test drives pass by pass.
 *
 * <p>The factory: three daily pipelines chained through datasets, Extract → {@code extracted} →
 * Transform → {@code transformed} → Load → {@code loaded}, over two days (2016-07-12 and 13). Extract's
 * job fails on 2016-07-12 (no retry), so that day Extract is Failed and Transform and Load wait, one
 * and two levels deep; 2016-07-13 is Ready all along.
 *
 * <p>One browser and one orchestrator for the class; the tests run in order and the only one that
 * changes windows (the rerun) runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserChainTest {
  static final Instant NOW = Instant.parse("2016-07-14T01:00:00Z");
  static final String DAY = "2016-07-12";
  static final Instant D0 = Instant.parse(DAY + "T00:00:00Z");
  static final Instant D1 = Instant.parse("2016-07-13T00:00:00Z");
  static final String PERIOD = "\"start\": \"2016-07-12T00:00:00Z\", \"end\": \"2016-07-14T00:00:00Z\"";
  static final String POLICY = "{\"concurrency\": 2, \"retry\": 0}";

  @TempDir static Path tmp;
  static Harness h;
  static WebServer server;
  static Browser browser;

  @BeforeAll
  static void start() throws Exception {
    Path home = tmp.resolve("home");
    h = new Harness(home, NOW);
    Files.createDirectories(home.resolve("failing-days"));
    Files.writeString(home.resolve("failing-days").resolve(DAY), ""); // DayJob fails for this slice day
    h.deploy(TestFactory.folder(tmp.resolve("factory"),
        "extracted", TestFactory.dataset("extracted", "Day", "StartOfInterval"),
        "transformed", TestFactory.dataset("transformed", "Day", "StartOfInterval"),
        "loaded", TestFactory.dataset("loaded", "Day", "StartOfInterval"),
        "Extract", TestFactory.pipeline("Extract", "[]", "extracted", POLICY, PERIOD, DayJob.class),
        "Transform", TestFactory.pipeline("Transform", "[{\"name\": \"extracted\"}]", "transformed", POLICY, PERIOD,
            DayJob.class),
        "Load", TestFactory.pipeline("Load", "[{\"name\": \"transformed\"}]", "loaded", POLICY, PERIOD, DayJob.class)),
        null);
    h.runUntilIdle();
    assertThat(status("Extract", D0)).isEqualTo(WindowStatus.Failed);
    assertThat(status("Transform", D0)).isEqualTo(WindowStatus.Waiting);
    assertThat(status("Load", D0)).isEqualTo(WindowStatus.Waiting);
    for (String p : List.of("Extract", "Transform", "Load")) {
      assertThat(status(p, D1)).isEqualTo(WindowStatus.Ready);
    }
    server = WebServer.start(h.orchestrator, new MonitoringView.Options("127.0.0.1", 0, null));
    browser = Browser.open(server.port());
  }

  @AfterAll
  static void stop() throws Exception {
    try (AutoCloseable b = browser; AutoCloseable s = server; AutoCloseable x = h) {
      // closed in reverse order: browser, server, harness
    }
  }

  static ActivityWindow window(String pipeline, Instant start) {
    return h.orchestrator.store().window(new WindowKey(pipeline, pipeline, start)).orElseThrow();
  }

  static WindowStatus status(String pipeline, Instant start) {
    return window(pipeline, start).state().status();
  }

  static String windowUrl(String pipeline, Instant start) {
    return Fmt.windowUrl(pipeline, pipeline, start);
  }

  @Test
  @Order(1)
  void fromTheOverviewStripTheFailedWindowAndItsLogAreTwoClicksAway() {
    browser.get("/");
    WebElement failed = browser.visible(
        ".card.pipeline[data-pipeline='Extract'] svg.strip rect.win[data-status='Failed']");
    assertThat(failed.getAttribute("data-start")).isEqualTo(D0.toString());

    failed.click(); // click 1
    browser.until(d -> browser.path().equals(windowUrl("Extract", D0)));
    assertThat(browser.withText("#window-state", "Failed").getText()).startsWith("Failed");
    WebElement attempt = browser.one("table#attempts tr[data-attempt='1']");
    String error = h.attempts(window("Extract", D0)).get(0).error();
    assertThat(error).isNotBlank();
    assertThat(attempt.findElement(By.cssSelector("td.error")).getText()).isEqualTo(error);
    assertThat(attempt.getText()).contains("Failed");

    attempt.findElement(By.cssSelector("a.log-link")).click(); // click 2
    browser.until(d -> browser.path().startsWith("/log?"));
    assertThat(browser.visible("pre#log").getText()).contains("slice day " + DAY);
    assertThat(browser.one("h1").getText()).contains("Log of attempt 1").contains("Extract / Extract");
    assertThat(browser.one("a#download").getDomAttribute("href")).startsWith("/log/download?");
    assertThat(browser.one("main").getText()).contains(error);
  }

  @Test
  @Order(2)
  void aWindowTwoLevelsDeepShowsItsBlockingChainDownToTheFailedRoot() {
    browser.get(windowUrl("Load", D0));
    assertThat(browser.withText("#window-state", "Waiting").getText()).contains("DatasetDependencies");
    List<WebElement> steps = browser.all("ol#chain > li");
    assertThat(steps).hasSize(3);
    // The window itself first (no link), then what it waits for, one level each.
    assertThat(steps.get(0).findElements(By.tagName("a"))).isEmpty();
    assertThat(steps.get(0).getAttribute("class")).doesNotContain("root");

    WebElement transform = steps.get(1).findElement(By.tagName("a"));
    assertThat(transform.getDomAttribute("href")).isEqualTo(windowUrl("Transform", D0));
    assertThat(transform.getText()).startsWith("Waiting");
    assertThat(steps.get(1).getAttribute("class")).doesNotContain("root");
    assertThat(steps.get(1).getText()).contains("Transform");

    WebElement root = browser.one("ol#chain > li.root");
    assertThat(root).isEqualTo(steps.get(2));
    WebElement extract = root.findElement(By.tagName("a"));
    assertThat(extract.getDomAttribute("href")).isEqualTo(windowUrl("Extract", D0));
    assertThat(extract.getText()).startsWith("Failed");
    assertThat(root.getText()).contains("Extract").contains("(root cause)");

    extract.click();
    browser.until(d -> browser.path().equals(windowUrl("Extract", D0)));
    assertThat(browser.withText("#window-state", "Failed").getText()).startsWith("Failed");
  }

  @Test
  @Order(3)
  void aPostWithoutTheCsrfTokenIsRefusedAndChangesNothing() {
    browser.get("/");
    browser.visible(".card.pipeline[data-pipeline='Transform']");
    int audit = h.orchestrator.history().audit(0, 100).size();
    String post = """
        var done = arguments[arguments.length - 1];
        var headers = arguments[0] ? JSON.parse(document.body.getAttribute('hx-headers')) : {};
        fetch('/actions/run', {method: 'POST', headers: headers,
            body: new URLSearchParams({action: arguments[1], pipeline: 'Transform'})})
          .then(function (r) { return r.text().then(function (t) { done({status: r.status, body: t}); }); })
          .catch(function (e) { done({status: -1, body: String(e)}); });
        """;

    @SuppressWarnings("unchecked")
    Map<String, Object> refused = (Map<String, Object>) browser.asyncScript(post, false, "pause");
    assertThat(((Number) refused.get("status")).intValue()).as("%s", refused).isEqualTo(403);
    assertThat((String) refused.get("body")).contains("lacks the CSRF token").contains("nothing was changed");
    assertThat(h.orchestrator.store().pauses()).isEmpty();
    assertThat(h.orchestrator.history().audit(0, 100)).hasSize(audit);

    // The same request from the same page with the page's token passes the guard (a resume of a
    // pipeline that is not paused: it changes nothing but is recorded in the audit log).
    @SuppressWarnings("unchecked")
    Map<String, Object> accepted = (Map<String, Object>) browser.asyncScript(post, true, "resume");
    assertThat(((Number) accepted.get("status")).intValue()).as("%s", accepted).isEqualTo(200);
    assertThat(h.orchestrator.store().pauses()).isEmpty();
    assertThat(h.orchestrator.history().audit(0, 100)).hasSize(audit + 1);
  }

  @Test
  @Order(4)
  void pauseAndResumeAPipelineFromTheDiagramEachPreviewedThenConfirmed() {
    Store store = h.orchestrator.store();
    browser.get("/diagram");
    browser.click("button[data-action='pause'][data-pipeline='Transform']");
    assertThat(browser.withText("#preview-title", "Pause pipeline Transform").getText())
        .isEqualTo("Pause pipeline Transform");
    assertThat(store.pauses()).as("a preview changes nothing").isEmpty();
    browser.click("#preview #confirm");
    assertThat(browser.withText("#action-result", "paused Transform").getText()).contains("Done:");
    assertThat(store.pauses()).singleElement().satisfies(p -> {
      assertThat(p.pipeline()).isEqualTo("Transform");
      assertThat(p.terminate()).isFalse();
      assertThat(p.since()).isEqualTo(NOW);
    });

    // The pipeline cards refresh after the action, without a reload.
    browser.visible("button[data-action='resume'][data-pipeline='Transform']");
    assertThat(browser.visible(".card.pipeline[data-pipeline='Transform']").getAttribute("class"))
        .contains("is-paused");
    browser.get("/diagram");
    WebElement card = browser.visible(".card.pipeline[data-pipeline='Transform']");
    assertThat(card.getAttribute("class")).contains("is-paused");
    assertThat(card.getText()).contains("paused since");
    assertThat(card.findElements(By.cssSelector("button[data-action='pause']"))).isEmpty();
    assertThat(browser.all("g.node.activity.paused[data-pipeline='Transform']")).hasSize(1);
    assertThat(browser.all("button[data-action='pause'][data-pipeline='Extract']")).hasSize(1);

    browser.click("button[data-action='resume'][data-pipeline='Transform']");
    assertThat(browser.withText("#preview-title", "Resume pipeline Transform").getText())
        .isEqualTo("Resume pipeline Transform");
    assertThat(store.pauses()).hasSize(1);
    browser.click("#preview #confirm");
    assertThat(browser.withText("#action-result", "resumed Transform").getText()).contains("Done:");
    assertThat(store.pauses()).isEmpty();

    browser.get("/diagram");
    assertThat(browser.visible(".card.pipeline[data-pipeline='Transform']").getAttribute("class"))
        .contains("is-enabled");
    assertThat(browser.all("button[data-action='pause'][data-pipeline='Transform']")).hasSize(1);
    assertThat(browser.all("button[data-action='resume']")).isEmpty();
  }

  @Test
  @Order(5)
  void rerunFromTheWindowPageIsPreviewedConfirmedAndFollowedLiveWithoutAReload() throws Exception {
    browser.get(windowUrl("Extract", D0));
    browser.withText("#window-state", "Failed");
    browser.mark("rerun");

    browser.click("#rerun");
    List<WebElement> listed = browser.until(d -> {
      List<WebElement> li = browser.all("#preview #preview-windows > li");
      return li.isEmpty() ? null : li;
    });
    assertThat(listed).singleElement().satisfies(li -> assertThat(li.getText())
        .startsWith("Extract / Extract " + D0).contains("Failed").endsWith("Waiting"));
    assertThat(browser.one("#preview-title").getText()).isEqualTo("Rerun: back to Waiting 1 window(s)");
    assertThat(status("Extract", D0)).as("a preview changes nothing").isEqualTo(WindowStatus.Failed);

    browser.click("#preview #confirm");
    // The action's answer tells the live section to re-render: Waiting, without a reload.
    assertThat(browser.withText("#window-state", "Waiting").getText()).startsWith("Waiting");
    assertThat(browser.one("#action-result").getText()).contains("1 window(s) sent back to Waiting");
    assertThat(status("Extract", D0)).isEqualTo(WindowStatus.Waiting);
    assertThat(browser.all("table#attempts tr[data-attempt]")).hasSize(1);
    assertThat(browser.one("#window-live").getDomAttribute("data-live")).isEqualTo("true");

    // The cause is fixed; the scheduler (the test, by hand) runs the window again.
    Files.delete(tmp.resolve("home/failing-days").resolve(DAY));
    assertThat(h.pass().started()).isEqualTo(1);
    h.awaitAttempts();
    assertThat(h.attempts(window("Extract", D0))).extracting(Attempt::status)
        .containsExactly(AttemptStatus.Failed, AttemptStatus.Succeeded);

    // The live section polls every 2 s while the window is due: attempt 2 shows up by itself.
    WebElement second = browser.visible("table#attempts tr[data-attempt='2']");
    assertThat(second.getText()).contains("Succeeded");
    assertThat(browser.withText("#window-state", "Ready").getText()).startsWith("Ready");
    assertThat(browser.one("#attempt-count").getText()).isEqualTo("2");
    assertThat(browser.all("table#attempts tr[data-attempt='2'] a.log-link")).hasSize(1);
    assertThat(browser.stillMarked("rerun")).as("the page was not reloaded").isTrue();
    assertThat(browser.path()).isEqualTo(windowUrl("Extract", D0));
  }
}
