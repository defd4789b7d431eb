package dev.adf.engine.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted on a folder for one test, to make a real disk full ({@code ENOSPC}) or,
 * remounted read-only, a real read-only file system ({@code EROFS}): as root, permission bits do not
 * stop a write, a read-only mount does. Needs root or CAP_SYS_ADMIN (the box and CI run the tests as
 * root); when {@code mount} is refused the constructor throws, naming the command and its output, so
 * the test fails instead of skipping. {@link #close()} unmounts (lazily when busy) and is safe to call
 * twice; call it from {@code @AfterEach} so that a failed test leaves no mount behind.
 */
public final class SmallMount implements AutoCloseable {

  private final Path dir;
  private boolean mounted;

  /** Mounts a tmpfs of {@code sizeBytes} on {@code dir} (created when missing). */
  public SmallMount(Path dir, long sizeBytes) throws IOException, InterruptedException {
    this.dir = dir.toAbsolutePath();
    Files.createDirectories(this.dir);
    run("mount", "-t", "tmpfs", "-o", "size=" + sizeBytes + ",mode=0755", "adf-test-tmpfs", this.dir.toString());
    mounted = true;
  }

  public Path dir() {
    return dir;
  }

  /** Remounts read-only: every write below it fails with "Read-only file system". */
  public void readOnly() throws IOException, InterruptedException {
    run("mount", "-o", "remount,ro", dir.toString());
  }

  /** Remounts writable. */
  public void writable() throws IOException, InterruptedException {
    run("mount", "-o", "remount,rw", dir.toString());
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (!mounted) {
      return;
    }
    try {
      run("umount", dir.toString());
    } catch (IOException busy) {
      run("umount", "-l", dir.toString());
    }
    mounted = false;
  }

  private static void run(String... command) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(command));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", cmd) + " did not end within 30 s");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed with exit code " + p.exitValue() + ": " + out
          + " (the disk-full and read-only tests mount a tmpfs: run them as root or with CAP_SYS_ADMIN, as CI does)");
    }
  }
}
