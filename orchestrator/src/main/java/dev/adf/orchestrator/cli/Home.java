package dev.adf.orchestrator.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where state lives: {@code --home DIR}, else {@code ADF_HOME}, else {@code var/} in the working
 * directory. Also where the repository (samples, conf) is: the {@code adf.repo} system property the
 * {@code ./adf} script sets, else the working directory.
 */
final class Home {
  private Home() {}

  static Path resolve(Path option) {
    if (option != null) {
      return option.toAbsolutePath().normalize();
    }
    String env = System.getenv("ADF_HOME");
    if (env != null && !env.isBlank()) {
      return Paths.get(env).toAbsolutePath().normalize();
    }
    return Paths.get("var").toAbsolutePath().normalize();
  }

  static Path repo() {
    String p = System.getProperty("adf.repo");
    return (p == null ? Paths.get("") : Paths.get(p)).toAbsolutePath().normalize();
  }

  /** The conf folder: {@code adf.conf} system property, else {@code <repo>/conf} when it exists. */
  static Path conf() {
    String p = System.getProperty("adf.conf");
    if (p != null) {
      return Paths.get(p);
    }
    Path c = repo().resolve("conf");
    return Files.isDirectory(c) ? c : null;
  }

  static String logFile() {
    String h = System.getProperty("adf.home");
    return (h == null ? "var" : h) + "/logs/adf.log";
  }
}
