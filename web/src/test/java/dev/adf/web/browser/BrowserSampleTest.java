package dev.adf.web.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adf.orchestrator.cli.MonitoringView;
import dev.adf.orchestrator.status.WindowStatus;
import dev.adf.orchestrator.testing.Harness;
import dev.adf.orchestrator.testing.SampleFactory;
import dev.adf.web.WebServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebElement;

/**
 * The quickstart sample (the repository's Spark sample on the embedded default) run to the end on
 * the real orchestrator, then looked at in a real headless Chromium whose time zone is Asia/Tokyo:
 * its one window is Ready on the overview and in the windows list, and the UTC/local switch
 * rewrites the times.
 */
class BrowserSampleTest {
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final String START = "2015-11-16T00:00:00Z";

  @TempDir static Path tmp;
  static Harness h;
  static WebServer server;
  static Browser browser;

  @BeforeAll
  static void start() throws Exception {
    h = new Harness(tmp.resolve("home"), NOW);
    h.deploy(SampleFactory.copy(tmp.resolve("factory")), SampleFactory.config(tmp.resolve("local.json"),
        "UseLocalStore=true"));
    SampleFactory.putInput(h.orchestrator.storageRoot());
    h.runUntilIdle();
    assertThat(h.windows()).singleElement()
        .satisfies(w -> assertThat(w.state().status()).isEqualTo(WindowStatus.Ready));
    server = WebServer.start(h.orchestrator, new MonitoringView.Options("127.0.0.1", 0, null));
    browser = Browser.open(server.port(), "Asia/Tokyo");
  }

  @AfterAll
  static void stop() throws Exception {
    try (AutoCloseable b = browser; AutoCloseable s = server; AutoCloseable x = h) {
      // closed in reverse order: browser, server, harness
    }
  }

  @Test
  void theSamplesWindowIsReadyOnTheOverviewStripInItsCountsAndInTheWindowsList() {
    browser.get("/");
    WebElement card = browser.visible(".card.pipeline[data-pipeline='SparkSubmit']");
    List<WebElement> cells = card.findElements(org.openqa.selenium.By.cssSelector("svg.strip rect.win"));
    assertThat(cells).singleElement().satisfies(r -> {
      assertThat(r.getAttribute("data-status")).isEqualTo("Ready");
      assertThat(r.getAttribute("data-start")).isEqualTo(START);
      assertThat(r.getAttribute("class")).contains("st-Ready");
    });
    // The counts: one Ready window, linked to the list of Ready windows; no other status counted.
    WebElement ready = card.findElement(org.openqa.selenium.By.cssSelector("td.num a[href*='status=Ready']"));
    assertThat(ready.getText()).isEqualTo("1");
    assertThat(card.findElements(org.openqa.selenium.By.cssSelector("td.num a"))).hasSize(1);

    ready.click();
    browser.until(d -> browser.path().startsWith("/windows?"));
    List<WebElement> rows = browser.all("#rows tr[data-status]");
    assertThat(rows).singleElement().satisfies(row -> {
      assertThat(row.getAttribute("data-status")).isEqualTo("Ready");
      assertThat(row.getText()).contains("SparkSubmit").contains("Spark Launcher").contains("2015-11-16 00:00:00Z");
      assertThat(row.findElement(org.openqa.selenium.By.cssSelector("input[name=w]")).getAttribute("value"))
          .isEqualTo("SparkSubmit|Spark Launcher|" + START);
    });
    browser.get("/windows");
    assertThat(browser.all("#rows tr[data-status='Ready']")).hasSize(1);
    assertThat(browser.all("#rows tr[data-status]")).hasSize(1);
  }

  @Test
  void theTimeZoneSwitchShowsTimesInTheBrowsersZoneAndBackInUtc() {
    browser.get("/windows");
    String time = "#rows time[datetime='" + START + "']";
    assertThat(browser.withText(time, "2015-11-16 00:00:00Z").getText()).isEqualTo("2015-11-16 00:00:00Z");
    assertThat(browser.one("#tz-toggle").getText()).isEqualTo("UTC");

    browser.click("#tz-toggle");
    // The browser runs in Asia/Tokyo (TZ of the driver service): UTC+9, no daylight saving.
    assertThat(browser.withText(time, "+09:00").getText()).isEqualTo("2015-11-16 09:00:00+09:00");
    assertThat(browser.one("#tz-toggle").getText()).isEqualTo("Local time");
    // The choice is kept in this browser: another page shows local times too.
    browser.get("/window?pipeline=SparkSubmit&activity=Spark%20Launcher&start=" + START);
    assertThat(browser.withText("h1 time[datetime='" + START + "']", "+09:00").getText())
        .isEqualTo("2015-11-16 09:00:00+09:00");

    browser.click("#tz-toggle");
    assertThat(browser.withText("h1 time[datetime='" + START + "']", "Z").getText()).isEqualTo("2015-11-16 00:00:00Z");
    assertThat(browser.one("#tz-toggle").getText()).isEqualTo("UTC");
  }
}
