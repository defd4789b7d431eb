package dev.adf.engine.child;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The files a job's child JVM shares with the engine in the job's work directory {@code
 * <workRoot>/<jobId>/}. The child writes {@value #STARTED} just before it calls the job and {@value
 * #EXIT} just before it exits; both atomically (temp file + rename), so a reader sees all or nothing.
 * {@value #STDOUT} and {@value #STDERR} are the child's output streams (redirected by the engine).
 */
public final class ChildFiles {
  private ChildFiles() {}

  public static final String STDOUT = "stdout";
  public static final String STDERR = "stderr";
  public static final String STARTED = "started";
  public static final String EXIT = "exit";

  /**
   * How a child ended, as it recorded it.
   *
   * @param code the exit code (0 = success)
   * @param error a one-line reason for a non-zero code, or null
   */
  public record Outcome(int code, String error) {}

  /** Writes {@code text} to {@code dir/name} atomically (temp file + rename). */
  public static void writeAtomically(Path dir, String name, String text) throws IOException {
    Path tmp = dir.resolve("." + name + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    try {
      Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Writes the {@value #EXIT} file: the code on the first line, the one-line error (if any) on the second. */
  public static void writeExit(Path dir, int code, String error) throws IOException {
    writeAtomically(dir, EXIT, code + "\n" + (error == null ? "" : error.replaceAll("[\\r\\n]+", " ")) + "\n");
  }

  /** The outcome the child recorded, or empty when it left no (readable) {@value #EXIT} file. */
  public static Optional<Outcome> readExit(Path dir) {
    try {
      String[] lines = Files.readString(dir.resolve(EXIT), StandardCharsets.UTF_8).split("\n", -1);
      int code = Integer.parseInt(lines[0].trim());
      String error = lines.length > 1 && !lines[1].isBlank() ? lines[1].trim() : null;
      return Optional.of(new Outcome(code, error));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
