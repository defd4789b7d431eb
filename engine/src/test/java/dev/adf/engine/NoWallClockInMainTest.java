package dev.adf.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Time must come from an injected Clock: no direct wall-clock reads in src/main. */
class NoWallClockInMainTest {

  private static final Pattern FORBIDDEN =
      Pattern.compile("Instant\\.now\\(|System\\.currentTimeMillis\\(|new\\s+Date\\(|LocalDateTime\\.now\\(|OffsetDateTime\\.now\\(|ZonedDateTime\\.now\\(");

  @Test
  void mainSourcesNeverReadTheWallClockDirectly() throws IOException {
    Path main = Path.of("src/main/java");
    assertThat(main).isDirectory();
    List<String> hits = new ArrayList<>();
    try (Stream<Path> files = Files.walk(main)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        List<String> lines = Files.readAllLines(f);
        for (int i = 0; i < lines.size(); i++) {
          if (FORBIDDEN.matcher(lines.get(i)).find()) {
            hits.add(f + ":" + (i + 1) + ": " + lines.get(i).trim());
          }
        }
      }
    }
    assertThat(hits).as("inject java.time.Clock instead").isEmpty();
  }
}
