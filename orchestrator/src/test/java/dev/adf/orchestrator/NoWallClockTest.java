package dev.adf.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Time comes from an injected Clock: no direct wall-clock reads in the orchestrator's and activities' main code. */
class NoWallClockTest {
  static final Pattern WALL_CLOCK = Pattern.compile(
      "Instant\\.now\\(\\)|System\\.currentTimeMillis\\(\\)|new Date\\(\\)|LocalDateTime\\.now\\(\\)"
          + "|OffsetDateTime\\.now\\(\\)|ZonedDateTime\\.now\\(\\)");

  @Test
  void mainCodeNeverReadsTheWallClock() throws Exception {
    Path root = dev.adf.orchestrator.testing.Harness.repoRoot();
    List<String> leaks = new java.util.ArrayList<>();
    for (String module : List.of("orchestrator", "activities")) {
      try (Stream<Path> files = Files.walk(root.resolve(module).resolve("src/main/java"))) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
          List<String> lines = Files.readAllLines(f);
          for (int i = 0; i < lines.size(); i++) {
            if (WALL_CLOCK.matcher(lines.get(i)).find()) {
              leaks.add(root.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).trim());
            }
          }
        }
      }
    }
    assertThat(leaks).isEmpty();
  }
}
