package dev.adf.web.browser;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The browser fixture fails, naming the install command, when Chromium or ChromeDriver is missing (no browser started). */
class BrowserFixtureTest {
  @TempDir Path tmp;

  @Test
  void aMissingChromiumOrChromedriverFailsTheTestsWithTheInstallCommand() {
    assertThatThrownBy(() -> Browser.requireInstalled(tmp.resolve("chromium"), Browser.CHROMEDRIVER))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(tmp.resolve("chromium") + " is missing")
        .hasMessageContaining("apt-get install chromium chromium-driver");
    assertThatThrownBy(() -> Browser.requireInstalled(tmp.resolve("chromium"), tmp.resolve("chromedriver")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(tmp.resolve("chromium") + " and " + tmp.resolve("chromedriver") + " are missing")
        .hasMessageContaining("apt-get install chromium chromium-driver");
    // A folder is not a program.
    assertThatThrownBy(() -> Browser.requireInstalled(Browser.CHROMIUM, tmp))
        .isInstanceOf(AssertionError.class).hasMessageContaining(tmp + " is missing");
  }

  @Test
  void theInstalledOnesPass() {
    assertThatCode(() -> Browser.requireInstalled(Browser.CHROMIUM, Browser.CHROMEDRIVER)).doesNotThrowAnyException();
  }
}
