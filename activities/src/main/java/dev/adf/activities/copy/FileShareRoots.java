package dev.adf.activities.copy;

import dev.adf.activities.LinkedServiceInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where FileShare datasets may read and write: the {@code host} of an {@code OnPremisesFileServer}
 * linked service is a folder on the machine that runs the engine (ADF v1 reached the share through a
 * gateway; here the engine is the gateway), and it must lie below one of the folders named by {@code
 * fileShare.allowedRoots} in {@code conf/orchestrator.properties}. Symbolic links are followed before
 * the check, so a link cannot lead out of a root.
 */
final class FileShareRoots {
  private FileShareRoots() {}

  /** The conf key that lists the allowed roots (comma-separated absolute folders). */
  static final String CONF_KEY = "fileShare.allowedRoots";

  /**
   * The share's folder, absolute and normalized (real path when it exists).
   *
   * @throws IllegalArgumentException when host is missing, not an absolute folder path, the root of the
   *     file system, or outside every allowed root, saying what to change
   */
  static Path check(LinkedServiceInfo ls, List<Path> roots) {
    String host = ls.text("host");
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("linked service '" + ls.name() + "' has no typeProperties.host: give the"
          + " share's folder on the engine's machine, such as /srv/share");
    }
    Path p;
    try {
      p = Path.of(host.trim().replace('\\', '/'));
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("linked service '" + ls.name() + "' has host '" + host + "', which is not a path");
    }
    if (!p.isAbsolute() || host.trim().startsWith("\\\\") || host.trim().startsWith("//")) {
      throw new IllegalArgumentException("linked service '" + ls.name() + "' has host '" + host + "': a FileShare"
          + " here is a folder on the engine's machine, given as an absolute path such as /srv/share (mount a"
          + " network share there first)");
    }
    p = p.normalize();
    if (Files.exists(p)) {
      try {
        p = p.toRealPath();
      } catch (IOException e) {
        // checked as written
      }
    }
    if (p.getParent() == null) {
      throw new IllegalArgumentException("linked service '" + ls.name() + "' has host '" + host + "', the root of the"
          + " file system: give a folder below it");
    }
    for (Path root : roots) {
      if (p.startsWith(root)) {
        return p;
      }
    }
    throw new IllegalArgumentException("linked service '" + ls.name() + "' has host " + p + ", which is outside the"
        + " folders FileShare datasets may use (" + (roots.isEmpty() ? "none is allowed" : roots.toString()) + "): add"
        + " it, or a folder above it, to " + CONF_KEY + " in conf/orchestrator.properties");
  }
}
