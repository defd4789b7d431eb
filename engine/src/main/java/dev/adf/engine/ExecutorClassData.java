package dev.adf.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The warm executors' AppCDS archive (JDK class-data sharing of the application's classes): {@code
 * <dir>/executor.jsa}. An executor started while it exists maps it instead of loading and verifying
 * the engine's and the built-in jobs' classes again; while it does not, one executor at a time is
 * started with {@code -XX:ArchiveClassesAtExit} to a temporary file, which becomes the archive when
 * that executor exits normally (a killed one's partial file is deleted). The JVM itself refuses an
 * archive made for other jars or another JDK (silently: classes then load as without one), and the
 * {@code adf} launcher deletes the folder's archives when the jars change.
 *
 * <p>The folder is the launcher's ({@code cli/target/cds}, system property {@value #DIR_PROPERTY}),
 * so a fresh home's first executors use an archive written by any earlier run of the same build.
 * Thread-safe.
 */
final class ExecutorClassData {
  /** System property naming the folder of the archives ({@code ./adf} sets it; unset: no archive). */
  static final String DIR_PROPERTY = "adf.cds.dir";

  /** The JVM's own CDS messages would reach the executor's stderr file; a refused archive is not an error. */
  private static final List<String> QUIET = List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off");

  private final Path archive;
  /** The name of the executor writing the archive at its exit, or null. */
  private final AtomicReference<String> writer = new AtomicReference<>();

  private ExecutorClassData(Path dir) {
    this.archive = dir.resolve("executor.jsa");
  }

  /** The archive in {@code dir}, or null (no archive) when {@code dir} is null or not a folder. */
  static ExecutorClassData in(Path dir) {
    return dir != null && Files.isDirectory(dir) ? new ExecutorClassData(dir) : null;
  }

  /**
   * The JVM options of a new executor named {@code name}: map the archive, or write it at exit (one
   * executor at a time), or none while another writes it.
   */
  List<String> options(String name) {
    if (Files.isRegularFile(archive)) {
      return concat(QUIET, "-XX:SharedArchiveFile=" + archive);
    }
    if (writer.compareAndSet(null, name)) {
      return concat(QUIET, "-XX:ArchiveClassesAtExit=" + temporary(name));
    }
    return List.of();
  }

  /** Whether executor {@code name} writes the archive at its exit (its exit may take a second longer). */
  boolean writes(String name) {
    return name.equals(writer.get());
  }

  /** Executor {@code name} exited with {@code exitValue}: its archive, if it wrote one, is put in place. */
  void exited(String name, int exitValue) {
    if (!writer.compareAndSet(name, null)) {
      return;
    }
    Path tmp = temporary(name);
    try {
      if (exitValue == 0 && Files.size(tmp) > 0) {
        Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      // no archive: the next executor writes one
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // a stray temporary file in the launcher's folder; the launcher deletes *.jsa* with the archives
      }
    }
  }

  private Path temporary(String name) {
    return archive.resolveSibling("executor.jsa." + name + ".tmp");
  }

  private static List<String> concat(List<String> a, String b) {
    List<String> out = new java.util.ArrayList<>(a);
    out.add(b);
    return out;
  }
}
