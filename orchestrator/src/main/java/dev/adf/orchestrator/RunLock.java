package dev.adf.orchestrator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One scheduler per home folder: {@code adf run} holds an exclusive lock on {@code <home>/run.lock}
 * while it runs, so a second one cannot recover (and rerun) the first one's live attempts.
 */
final class RunLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * @throws IllegalStateException when another process holds the lock, saying what to do
   */
  static RunLock acquire(Path home) {
    try {
      Files.createDirectories(home);
      Path file = home.resolve("run.lock");
      FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock l;
      try {
        l = ch.tryLock();
      } catch (java.nio.channels.OverlappingFileLockException sameProcess) {
        l = null;
      }
      if (l == null) {
        ch.close();
        throw new IllegalStateException("another adf run is already running on " + home
            + "; stop it first, or use another --home");
      }
      return new RunLock(ch, l);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + home.resolve("run.lock"), e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException ignored) {
      // released with the process anyway
    }
  }
}
