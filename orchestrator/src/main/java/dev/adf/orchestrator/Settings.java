package dev.adf.orchestrator;

import dev.adf.engine.BuiltInEngine;
import dev.adf.engine.JobResources;
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
 * @param engineCores cores the built-in engine hands out to its jobs ({@code engine.cores}, a whole
 *     number, default the machine's cores)
 * @param engineMemoryMiB memory the built-in engine hands out to its jobs' heaps, in MiB ({@code
 *     engine.memory}, Spark format such as {@code 4g} or {@code 4096m}, default 3/4 of the machine's
 *     memory)
 * @param quartz extra Quartz settings ({@code org.quartz.*} keys of {@code conf/quartz.properties})
 * @param fileShareRoots the folders FileShare datasets may read and write ({@code
 *     fileShare.allowedRoots}, comma-separated absolute folders, default none), absolute and with
 *     symbolic links resolved where they exist
 */
public record Settings(Duration passInterval, int engineCores, long engineMemoryMiB, Properties quartz,
    java.util.List<Path> fileShareRoots) {

  public Settings {
    fileShareRoots = java.util.List.copyOf(fileShareRoots);
  }

  /** Settings without FileShare roots. */
  public Settings(Duration passInterval, int engineCores, long engineMemoryMiB, Properties quartz) {
    this(passInterval, engineCores, engineMemoryMiB, quartz, java.util.List.of());
  }

  /** These settings with other FileShare roots (tests, the sample). */
  public Settings withFileShareRoots(java.util.List<Path> roots) {
    return new Settings(passInterval, engineCores, engineMemoryMiB, quartz, roots.stream().map(Settings::real).toList());
  }

  public static final Duration DEFAULT_PASS_INTERVAL = Duration.ofSeconds(1);

  public static Settings defaults() {
    return new Settings(DEFAULT_PASS_INTERVAL, BuiltInEngine.Builder.defaultCores(),
        BuiltInEngine.Builder.defaultMemoryMiB(), new Properties());
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
    int cores = d.engineCores();
    long memory = d.engineMemoryMiB();
    try {
      if (p.containsKey("scheduler.passInterval")) {
        interval = Duration.parse(p.getProperty("scheduler.passInterval").trim());
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + ": scheduler.passInterval '" + p.getProperty("scheduler.passInterval")
          + "' is not an ISO-8601 duration such as PT1S");
    }
    try {
      if (p.containsKey("engine.cores")) {
        cores = Integer.parseInt(p.getProperty("engine.cores").trim());
      }
    } catch (NumberFormatException e) {
      cores = 0;
    }
    if (cores < 1) {
      throw new IllegalArgumentException(file + ": engine.cores '" + p.getProperty("engine.cores")
          + "' is not a whole number of cores >= 1");
    }
    if (p.containsKey("engine.memory")) {
      memory = JobResources.parseMiB(p.getProperty("engine.memory"), file + ": engine.memory");
    }
    java.util.List<Path> roots = new java.util.ArrayList<>();
    String listed = p.getProperty("fileShare.allowedRoots");
    if (listed != null) {
      for (String r : listed.split(",")) {
        if (r.isBlank()) {
          continue;
        }
        Path root;
        try {
          root = Path.of(r.trim());
        } catch (java.nio.file.InvalidPathException e) {
          root = null;
        }
        if (root == null || !root.isAbsolute()) {
          throw new IllegalArgumentException(file + ": fileShare.allowedRoots entry '" + r.trim()
              + "' is not an absolute folder path such as /srv/share");
        }
        roots.add(real(root));
      }
    }
    return new Settings(interval, cores, memory, quartz, roots);
  }

  /** The path normalized, with symbolic links resolved when it exists. */
  private static Path real(Path p) {
    Path n = p.toAbsolutePath().normalize();
    try {
      return java.nio.file.Files.exists(n) ? n.toRealPath() : n;
    } catch (IOException e) {
      return n;
    }
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
