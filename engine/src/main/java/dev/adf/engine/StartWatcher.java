package dev.adf.engine;

import dev.adf.engine.child.ChildFiles;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Notices when a STARTING job's child writes its {@link ChildFiles#STARTED} file (the child is about
 * to call the job) and reports the job as started. Uses a file-system watch, and checks every watched
 * folder at least every {@link #SWEEP_MILLIS} ms in case an event was missed.
 */
final class StartWatcher implements AutoCloseable {
  static final long SWEEP_MILLIS = 200;

  private final WatchService watch;
  private final Map<JobRecord, WatchKey> watched = new ConcurrentHashMap<>();
  private final Consumer<JobRecord> onStarted;
  private final Thread thread;

  StartWatcher(Consumer<JobRecord> onStarted) throws IOException {
    this.watch = FileSystems.getDefault().newWatchService();
    this.onStarted = onStarted;
    this.thread = new Thread(this::loop, "adf-engine-start-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  /** Watches a job until it has started or ended. */
  void watch(JobRecord r) throws IOException {
    watched.put(r, r.workDir.register(watch, StandardWatchEventKinds.ENTRY_CREATE));
    sweep();
  }

  private void loop() {
    try {
      while (true) {
        WatchKey key = watch.poll(SWEEP_MILLIS, TimeUnit.MILLISECONDS);
        if (key != null) {
          key.pollEvents();
          key.reset();
        }
        sweep();
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closed
    }
  }

  private synchronized void sweep() {
    for (var e : watched.entrySet()) {
      JobRecord r = e.getKey();
      boolean started = Files.exists(r.workDir.resolve(ChildFiles.STARTED));
      if (started) {
        onStarted.accept(r);
      }
      if (started || r.state() != JobState.STARTING) {
        e.getValue().cancel();
        watched.remove(r);
      }
    }
  }

  @Override
  public void close() {
    thread.interrupt();
    try {
      watch.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }
}
