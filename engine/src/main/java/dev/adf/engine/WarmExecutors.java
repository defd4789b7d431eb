package dev.adf.engine;

import dev.adf.engine.child.ChildJob;
import dev.adf.engine.child.ExecutorMain;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in engine's pool of warm executor JVMs ({@link ExecutorMain}): child JVMs that run the
 * engine's own built-in jobs one after another. An executor is taken for one job at a time and
 * handed back after a job that succeeded and left no thread behind; it ends by itself after any other
 * job, and the next job gets a fresh JVM. Executors are keyed by the heap and cores they were started
 * with ({@code -Xmx}, {@code -XX:ActiveProcessorCount}), so a job always runs in a JVM of exactly its
 * own resources. At most {@code maxIdle} executors wait idle; one idle longer than {@code idleTimeout}
 * is retired (its stdin closed: it exits). An idle executor holds none of the engine's capacity.
 *
 * <p>Each executor's JVM messages go to {@code <workRoot>/executors/<name>.stderr}, deleted when it
 * is retired. Thread-safe.
 */
final class WarmExecutors implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WarmExecutors.class);

  /** Folder under the work root holding the executors' own stderr files. */
  static final String FOLDER = "executors";

  /** What the engine learns of the job an executor runs. */
  interface Events {
    /** The executor is about to call the job (it wrote the job's started file). */
    void started(JobRecord r);

    /**
     * The job ended with {@code code} and the executor lives on. Unless a kill of the job is under way,
     * the callee runs {@code handBack} (the executor becomes idle) before it records the end, so the
     * job the end lets start finds the executor idle.
     *
     * @return false when a kill of the job is under way (the executor is then retired)
     */
    boolean ended(JobRecord r, int code, Runnable handBack);

    /**
     * The executor's JVM is gone while running the job or after the job's end: {@code exitValue} is
     * its exit value; the job's exit file tells how the job ended, if it recorded it.
     */
    void exited(JobRecord r, int exitValue, String executorTail);
  }

  /** The JVM resources an executor was started with. */
  record Key(long memoryMiB, int cores) {
    static Key of(JobResources r) {
      return new Key(r.memoryMiB(), r.cores());
    }
  }

  private final Path folder;
  private final Function<Key, List<String>> command;
  private final Events events;
  private final int maxIdle;
  private final long idleNanos;
  private final ArrayDeque<Executor> idle = new ArrayDeque<>(); // guarded by this; newest first
  private final List<Executor> all = new ArrayList<>(); // guarded by this
  private final AtomicInteger started = new AtomicInteger();
  private final Thread reaper;
  private final ExecutorClassData classData; // null: no AppCDS archive
  private boolean closed; // guarded by this

  /**
   * @param workRoot the engine's work root ({@value #FOLDER}/ is created below it)
   * @param command the command line of an executor JVM with the given resources
   * @param maxIdle most executors kept idle at once (at least 1)
   * @param idleTimeout how long an executor may wait idle before it is retired
   */
  WarmExecutors(Path workRoot, Function<Key, List<String>> command, Events events, int maxIdle, Duration idleTimeout) {
    this(workRoot, command, events, maxIdle, idleTimeout, null);
  }

  /**
   * As above, with the executors' class-data archive ({@link ExecutorClassData}), or null for none.
   */
  WarmExecutors(Path workRoot, Function<Key, List<String>> command, Events events, int maxIdle, Duration idleTimeout,
      ExecutorClassData classData) {
    this.classData = classData;
    this.folder = workRoot.resolve(FOLDER);
    this.command = command;
    this.events = events;
    this.maxIdle = Math.max(1, maxIdle);
    this.idleNanos = idleTimeout.toNanos();
    try {
      Files.createDirectories(folder);
      try (var old = Files.newDirectoryStream(folder, "*.stderr")) {
        for (Path p : old) {
          Files.deleteIfExists(p); // an earlier engine's; a live executor keeps writing to its open file
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot use the executors' folder " + folder, e);
    }
    this.reaper = new Thread(this::reapIdle, "adf-engine-executor-reaper");
    reaper.setDaemon(true);
    reaper.start();
  }

  /** Executor JVMs started so far (for the engine's log and the benchmarks). */
  int startedCount() {
    return started.get();
  }

  /**
   * Runs {@code job} in an idle executor with {@code r}'s resources, or in a new one.
   *
   * @return the executor's process (the job's process for kills and the journal)
   * @throws IOException when no executor JVM can be started
   */
  ProcessHandle run(JobRecord r, ChildJob job, java.util.function.Consumer<String> event) throws IOException {
    Key key = Key.of(r.resources);
    while (true) {
      Executor e = takeIdle(key);
      boolean fresh = e == null;
      if (fresh) {
        e = start(key);
      }
      if (e.assign(r, job)) {
        event.accept(fresh
            ? "started executor JVM pid " + e.process.pid() + " (" + key.memoryMiB() + " MiB, " + key.cores()
                + (key.cores() == 1 ? " core" : " cores") + "): " + e.commandLine + "; the job is its job 1"
            : "runs in warm executor JVM pid " + e.process.pid() + " as its job " + e.jobs);
        return e.process.toHandle();
      }
      if (fresh) {
        throw new IOException("the executor JVM (pid " + e.process.pid() + ") ended before it took the job;"
            + " see " + e.stderr);
      }
    }
  }

  private synchronized Executor takeIdle(Key key) {
    for (Iterator<Executor> it = idle.iterator(); it.hasNext(); ) {
      Executor e = it.next();
      if (e.key.equals(key)) {
        it.remove();
        if (e.process.isAlive()) {
          return e;
        }
      }
    }
    return null;
  }

  private Executor start(Key key) throws IOException {
    String name = "executor-" + started.incrementAndGet() + "-" + ProcessHandle.current().pid();
    Path stderr = folder.resolve(name + ".stderr");
    Files.createDirectories(folder); // it may have been deleted from outside since the engine started
    List<String> cmd = new ArrayList<>(command.apply(key));
    if (classData != null) {
      int cp = cmd.indexOf("-cp");
      cmd.addAll(cp < 0 ? 1 : cp, classData.options(name));
    }
    Process p = new ProcessBuilder(cmd).directory(folder.toFile()).redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile())).start();
    Executor e = new Executor(name, key, p, stderr, String.join(" ", cmd.subList(0, Math.max(0, cmd.size() - 3))));
    synchronized (this) {
      all.add(e);
      if (closed) {
        e.retire();
      }
    }
    e.reader.start();
    return e;
  }

  /** Hands an executor back after a job that ended well; retires the oldest idle one beyond maxIdle. */
  private void handBack(Executor e) {
    Executor retire = null;
    synchronized (this) {
      if (closed || !e.process.isAlive()) {
        retire = e;
      } else {
        e.idleSince = System.nanoTime();
        idle.addFirst(e);
        if (idle.size() > maxIdle) {
          retire = idle.removeLast();
        }
      }
    }
    if (retire != null) {
      retire.retire();
    }
  }

  private void reapIdle() {
    while (true) {
      java.util.concurrent.locks.LockSupport.parkNanos(Math.min(idleNanos, 1_000_000_000L));
      List<Executor> old = new ArrayList<>();
      synchronized (this) {
        if (closed) {
          return;
        }
        long now = System.nanoTime();
        idle.removeIf(e -> {
          if (now - e.idleSince > idleNanos) {
            old.add(e);
            return true;
          }
          return false;
        });
      }
      old.forEach(Executor::retire);
    }
  }

  /**
   * Retires every executor: idle ones exit at once, busy ones after their current job (as a crash
   * of the engine would leave them). Idle ones still alive after a second are killed.
   */
  @Override
  public void close() {
    List<Executor> idleNow;
    List<Executor> every;
    synchronized (this) {
      closed = true;
      idleNow = new ArrayList<>(idle);
      idle.clear();
      every = new ArrayList<>(all);
    }
    reaper.interrupt();
    every.forEach(Executor::retire);
    for (Executor e : idleNow) {
      try {
        // one that writes the class-data archive at its exit takes longer (about a second for 30 MB)
        e.process.waitFor(classData != null && classData.writes(e.name) ? 15 : 1, java.util.concurrent.TimeUnit.SECONDS);
        e.reader.join(1_000); // its exit handled (the class-data archive put in place) before close returns
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
      e.process.destroyForcibly();
    }
  }

  /** One executor JVM and the thread that reads its control channel. */
  private final class Executor {
    final String name;
    final Key key;
    final Process process;
    final Path stderr;
    final String commandLine;
    final Thread reader;
    private final OutputStream in;
    long idleSince; // guarded by the pool
    int jobs; // guarded by this
    private JobRecord current; // guarded by this
    private long stderrMark; // guarded by this: stderr size when the current job was sent
    private boolean retired; // guarded by this

    Executor(String name, Key key, Process process, Path stderr, String commandLine) {
      this.name = name;
      this.key = key;
      this.process = process;
      this.stderr = stderr;
      this.commandLine = commandLine;
      this.in = process.getOutputStream();
      this.reader = new Thread(this::read, "adf-engine-executor-" + process.pid());
      reader.setDaemon(true);
    }

    /** Sends the job; false when the executor is gone (or retired) and the job was not sent. */
    synchronized boolean assign(JobRecord r, ChildJob job) {
      if (retired || current != null || !process.isAlive()) {
        return false;
      }
      try {
        stderrMark = Files.size(stderr);
      } catch (IOException e) {
        stderrMark = 0;
      }
      current = r;
      jobs++;
      try {
        ExecutorMain.writeFrame(in, r.workDir, job);
        return true;
      } catch (IOException e) {
        current = null;
        jobs--;
        return false;
      }
    }

    /** Closes its stdin: an idle executor exits, a busy one after its job. */
    void retire() {
      synchronized (this) {
        retired = true;
      }
      try {
        in.close();
      } catch (IOException e) {
        // already gone
      }
    }

    private void read() {
      try (InputStream out = process.getInputStream()) {
        String line;
        while ((line = ExecutorMain.readLine(out)) != null) {
          handle(line);
        }
      } catch (IOException e) {
        // the JVM is gone: below
      }
      int exit;
      try {
        exit = process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      JobRecord r;
      long mark;
      synchronized (this) {
        r = current;
        current = null;
        retired = true;
        mark = stderrMark;
      }
      synchronized (WarmExecutors.this) {
        idle.remove(this);
        all.remove(this);
      }
      if (classData != null) {
        classData.exited(name, exit);
      }
      if (r != null) {
        events.exited(r, exit, tailSince(mark));
      }
      try {
        Files.deleteIfExists(stderr);
      } catch (IOException e) {
        // left for the next engine to delete
      }
    }

    private void handle(String line) {
      String[] f = line.split(" ");
      JobRecord r;
      synchronized (this) {
        r = current;
      }
      if (f.length >= 2 && f[0].equals("started") && r != null && r.id.value().equals(f[1])) {
        events.started(r);
      } else if (f.length == 4 && f[0].equals("ended") && r != null && r.id.value().equals(f[1])) {
        if (f[3].equals("reuse")) {
          synchronized (this) {
            current = null;
          }
          if (!events.ended(r, Integer.parseInt(f[2]), () -> handBack(this))) {
            retire();
          }
        }
        // "exit": the JVM ends now; the end of the control channel reports the job (read, above)
      } else if (!line.equals("ready")) {
        LOG.debug("executor pid {}: {}", process.pid(), line);
      }
    }

    private String tailSince(long mark) {
      try (var ch = Files.newByteChannel(stderr)) {
        long size = ch.size();
        long from = Math.max(mark, size - 4096);
        ch.position(from);
        var buf = java.nio.ByteBuffer.allocate((int) Math.max(0, size - from));
        while (buf.hasRemaining() && ch.read(buf) > 0) {
          // fill
        }
        return new String(buf.array(), 0, buf.position(), java.nio.charset.StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    }
  }
}
