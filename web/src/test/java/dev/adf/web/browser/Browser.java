package dev.adf.web.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium for the browser tests: Debian's {@code /usr/bin/chromium} driven through
 * {@code /usr/bin/chromedriver}, named explicitly so Selenium Manager never runs (no download, no
 * network), a fresh profile in a temp folder, a page of 1280x900 CSS pixels, and the browser's time zone set
 * through the driver's environment ({@code TZ}). Waits are {@link WebDriverWait}s, bounded by
 * {@link #WAIT}; nothing sleeps.
 *
 * <p>When Chromium or ChromeDriver is missing, {@link #open} throws an {@link AssertionError} naming
 * the install command: the browser tests fail rather than skip, so a CI without them is noticed.
 */
public final class Browser implements AutoCloseable {
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  /** The longest any wait lasts (a scheduling pass plus a 2 s poll fit well inside). */
  public static final Duration WAIT = Duration.ofSeconds(Long.getLong("adf.test.browserWaitSeconds", 30));

  /** The page's size in CSS pixels (device scale factor 1): also the screenshots' size. */
  public static final int WIDTH = 1280;
  public static final int HEIGHT = 900;

  private final ChromeDriverService service;
  private final WebDriver driver;
  private final Path profile;
  private final String base;

  private Browser(ChromeDriverService service, WebDriver driver, Path profile, String base) {
    this.service = service;
    this.driver = driver;
    this.profile = profile;
    this.base = base;
  }

  /** A browser in UTC for the server on {@code 127.0.0.1:port}. */
  public static Browser open(int port) {
    return open(port, "UTC");
  }

  /**
   * Starts a browser whose time zone is {@code timeZone} (a tz database name) for the server on
   * {@code 127.0.0.1:port}.
   *
   * @throws AssertionError when {@code /usr/bin/chromium} or {@code /usr/bin/chromedriver} is missing
   */
  public static Browser open(int port, String timeZone) {
    requireInstalled(CHROMIUM, CHROMEDRIVER);
    Path profile;
    try {
      profile = Files.createTempDirectory("adf-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM.toString());
    o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-extensions", "--disable-default-apps", "--no-first-run", "--no-default-browser-check",
        "--disable-quic", "--hide-scrollbars", "--force-device-scale-factor=1", "--lang=en-US",
        "--window-size=" + WIDTH + "," + HEIGHT, "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
        .usingAnyFreePort()
        .withEnvironment(Map.of("TZ", timeZone))
        .build();
    WebDriver driver;
    try {
      driver = new ChromeDriver(service, o);
    } catch (RuntimeException e) {
      service.stop();
      deleteTree(profile);
      throw e;
    }
    driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
    // --window-size is the window's outer size: grow it by the browser's own frame so the page itself
    // (and every screenshot) is exactly WIDTH x HEIGHT.
    JavascriptExecutor js = (JavascriptExecutor) driver;
    long innerWidth = ((Number) js.executeScript("return window.innerWidth;")).longValue();
    long innerHeight = ((Number) js.executeScript("return window.innerHeight;")).longValue();
    if (innerWidth != WIDTH || innerHeight != HEIGHT) {
      Dimension outer = driver.manage().window().getSize();
      driver.manage().window().setSize(new Dimension((int) (outer.getWidth() + WIDTH - innerWidth),
          (int) (outer.getHeight() + HEIGHT - innerHeight)));
    }
    return new Browser(service, driver, profile, "http://127.0.0.1:" + port);
  }

  /**
   * Fails (an {@link AssertionError}, so the tests fail rather than skip) when either program is not
   * an executable file, naming the install command.
   */
  static void requireInstalled(Path chromium, Path chromedriver) {
    List<String> missing = new ArrayList<>();
    for (Path p : List.of(chromium, chromedriver)) {
      if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
        missing.add(p.toString());
      }
    }
    if (!missing.isEmpty()) {
      throw new AssertionError("the browser tests need Chromium and ChromeDriver, but " + String.join(" and ", missing)
          + (missing.size() == 1 ? " is" : " are") + " missing: install them with"
          + " `apt-get install chromium chromium-driver` (Debian packages)");
    }
  }

  public WebDriver driver() {
    return driver;
  }

  /** Opens {@code path} ({@code /windows?...}) on the server and waits until the page has loaded. */
  public Browser get(String path) {
    driver.get(base + path);
    return this;
  }

  /** The current address without the server part: {@code /window?pipeline=...}. */
  public String path() {
    String url = driver.getCurrentUrl();
    return url.startsWith(base) ? url.substring(base.length()) : url;
  }

  /** Waits (bounded) until {@code condition} returns something other than null or false. */
  public <T> T until(Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, WAIT).until(condition);
  }

  /** Waits (bounded) until an element matching {@code css} is visible, and returns it. */
  public WebElement visible(String css) {
    return until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  /** Waits (bounded) until the element matching {@code css} contains {@code text}, and returns it. */
  public WebElement withText(String css, String text) {
    until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    return driver.findElement(By.cssSelector(css));
  }

  /** Waits (bounded) until an element matching {@code css} is clickable, then clicks it. */
  public void click(String css) {
    until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
  }

  public List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  public WebElement one(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  public Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  /** Runs {@code js}, whose last argument is the callback to call with the result, bounded by {@link #WAIT}. */
  public Object asyncScript(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeAsyncScript(js, args);
  }

  /**
   * Marks the loaded document (a property on {@code window}); {@link #stillMarked} then says whether
   * the page is still the same document, i.e. was not reloaded or navigated away from.
   */
  public void mark(String name) {
    script("window['adfTestMarker_' + arguments[0]] = true;", name);
  }

  public boolean stillMarked(String name) {
    return Boolean.TRUE.equals(script("return window['adfTestMarker_' + arguments[0]] === true;", name));
  }

  /** Waits until htmx has no request in flight (no element carries its {@code htmx-request} class). */
  public void htmxSettled() {
    until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(
        "return document.readyState === 'complete' && typeof htmx !== 'undefined'"
            + " && document.querySelectorAll('.htmx-request').length === 0;")));
  }

  /** Saves what the window shows as a PNG at {@code file} (folders created), and returns the file. */
  public Path screenshot(Path file) {
    try {
      byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.write(file, png);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
      deleteTree(profile);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a temp folder: Chromium may still hold a file; the OS cleans /tmp
    }
  }
}
