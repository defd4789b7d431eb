package dev.adf.orchestrator.execution;

import dev.adf.orchestrator.store.WindowKey;
import dev.adf.orchestrator.validation.Secrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The engine logs kept in the run history: one file per attempt, {@code
 * <root>/<pipeline>/<activity>/<WindowStart as yyyyMMdd'T'HHmmss'Z'>/attempt-<n>-<runId>.log} (without
 * {@code -<runId>} for attempts from before run ids), so a user finds
 * a failed attempt's driver log after the Livy server that ran it has forgotten the batch (ADF v1
 * {@code getDebugInfo}: "Always" or "Failure" keeps the log with the activity run).
 */
final class AttemptLogs {
  private AttemptLogs() {}

  private static final DateTimeFormatter WINDOW = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  /**
   * Writes an attempt's log, replacing an earlier one of the same attempt: written beside and moved
   * into place, so a reader never sees half a file. Every line passes {@link Secrets#redact}.
   *
   * @param root the log root (created when missing)
   * @param key the window
   * @param attempt the attempt number, from 1
   * @param runId the attempt's run id, or null (a redeploy that dropped a window's history starts its
   *     attempt numbers again; the run id keeps their logs apart)
   * @param lines the log, oldest line first
   * @return the file written (absolute)
   * @throws IOException when the file cannot be written
   */
  static Path write(Path root, WindowKey key, int attempt, String runId, List<String> lines) throws IOException {
    Path dir = root.toAbsolutePath().normalize()
        .resolve(safe(key.pipeline()))
        .resolve(safe(key.activity()))
        .resolve(WINDOW.format(key.windowStart()));
    Files.createDirectories(dir);
    Path file = dir.resolve("attempt-" + attempt + (runId == null ? "" : "-" + safe(runId)) + ".log");
    Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
    StringBuilder text = new StringBuilder();
    for (String line : lines) {
      text.append(Secrets.redact(line)).append('\n');
    }
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return file;
  }

  /** A name as one path segment: characters outside {@code [A-Za-z0-9 ._-]} become {@code _}. */
  private static String safe(String name) {
    String s = name.replaceAll("[^A-Za-z0-9 ._-]", "_");
    return s.isEmpty() || s.equals(".") || s.equals("..") ? "_" + s : s;
  }
}
