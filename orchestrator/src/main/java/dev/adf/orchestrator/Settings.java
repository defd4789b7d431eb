package dev.adf.orchestrator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/**
 * Orchestrator settings, from {@code conf/orchestrator.properties} (all optional).
 *
 * @param passInterval time between two scheduling passes ({@code scheduler.passInterval}, ISO-8601
 *     duration, default PT1S)
 * @param engineMaxJobs jobs the built-in engine runs at once ({@code engine.maxConcurrentJobs},
 *     default the number of cores)
 * @param quartz extra Quartz settings ({@code org.quartz.*} keys of {@code conf/quartz.properties})
 */
public record Settings(Duration passInterval, int engineMaxJobs, Properties quartz) {

  public static final Duration DEFAULT_PASS_INTERVAL = Duration.ofSeconds(1);

  public static Settings defaults() {
    return new Settings(DEFAULT_PASS_INTERVAL, Math.max(1, Runtime.getRuntime().availableProcessors()),
        new Properties());
  }

  /**
   * Reads {@code orchestrator.properties} and {@code quartz.properties} from {@code confDir}; missing
   * files mean defaults.
   *
   * @throws IllegalArgumentException naming the file and key when a value cannot be read
   */
  public static Settings load(Path confDir) {
    Settings d = defaults();
    if (confDir == null) {
      return d;
    }
    Properties p = read(confDir.resolve("orchestrator.properties"));
    Properties quartz = read(confDir.resolve("quartz.properties"));
    Path file = confDir.resolve("orchestrator.properties");
    Duration interval = d.passInterval();
    int maxJobs = d.engineMaxJobs();
    try {
      if (p.containsKey("scheduler.passInterval")) {
        interval = Duration.parse(p.getProperty("scheduler.passInterval").trim());
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + ": scheduler.passInterval '" + p.getProperty("scheduler.passInterval")
          + "' is not an ISO-8601 duration such as PT1S");
    }
    try {
      if (p.containsKey("engine.maxConcurrentJobs")) {
        maxJobs = Integer.parseInt(p.getProperty("engine.maxConcurrentJobs").trim());
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(file + ": engine.maxConcurrentJobs '"
          + p.getProperty("engine.maxConcurrentJobs") + "' is not a whole number");
    }
    return new Settings(interval, maxJobs, quartz);
  }

  private static Properties read(Path file) {
    Properties p = new Properties();
    if (Files.isRegularFile(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        p.load(in);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
      }
    }
    return p;
  }
}
