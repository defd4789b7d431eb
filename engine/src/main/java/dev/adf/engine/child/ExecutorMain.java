package dev.adf.engine.child;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The main class of a <b>warm executor</b>: a child JVM of the built-in engine that runs the engine's
 * own built-in jobs one after another, as a Spark executor outlives its tasks, so that a backfill of
 * many small windows pays one JVM start per executor instead of one per job. Started by {@link
 * dev.adf.engine.BuiltInEngine} only for built-in jobs ({@link dev.adf.engine.BuiltInJobs}) without
 * jars; user code (a job's own jar, {@code --jarFile}) always gets a {@link JobMain} JVM of its own.
 *
 * <p>Protocol. Over stdin the engine sends frames: int {@link #MAGIC}, the job's work directory (int
 * byte length + UTF-8), then the {@link ChildJob}. The end of stdin (the engine closed the pipe, or
 * died) ends the executor after its current job. Over stdout (the control channel; jobs never write
 * to it) the executor answers one line per event: {@code ready}, {@code started <jobId>}, {@code ended
 * <jobId> <code> reuse|exit}. Everything the job prints goes to its own folder's {@code stdout} and
 * {@code stderr} (System.out and System.err are switched per job); the JVM's own messages go to the
 * executor's stderr.
 *
 * <p>Per job it keeps {@link JobMain}'s file contract, so an engine restarted after a crash recovers
 * the job as it would a {@link JobMain} child: {@link ChildFiles#STARTED} before the job is called,
 * {@link ChildFiles#EXIT} (code and one-line error) when it returned or threw. A job is followed by
 * {@code exit} instead of {@code reuse} (the executor then ends, and the engine starts a fresh JVM
 * for the next job) when it failed, when a stop was requested (SIGTERM: the stop flag is set and the
 * job's thread interrupted, as in {@link JobMain}), or when it left a non-daemon thread running.
 */
public final class ExecutorMain {
  private ExecutorMain() {}

  /** First int of a frame on the executor's stdin. */
  public static final int MAGIC = 0xADF0E001;

  /** How long a job's leftover non-daemon threads may take to end before the executor retires. */
  static final long LEFTOVER_THREAD_MILLIS = 200;

  private static volatile Path currentDir;
  private static volatile AtomicBoolean currentStop;
  private static volatile Thread jobThread;
  private static final AtomicBoolean STOPPING = new AtomicBoolean();
  private static PrintStream control;

  /**
   * Writes one job frame for an executor's stdin.
   *
   * @param workDir the job's work directory (absolute)
   * @throws IOException when the executor's stdin is closed
   */
  public static void writeFrame(OutputStream out, Path workDir, ChildJob job) throws IOException {
    DataOutputStream d = new DataOutputStream(out);
    d.writeInt(MAGIC);
    byte[] dir = workDir.toString().getBytes(StandardCharsets.UTF_8);
    d.writeInt(dir.length);
    d.write(dir);
    job.writeTo(d);
    d.flush();
  }

  public static void main(String[] argv) {
    control = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    PrintStream ownOut = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    System.setOut(ownOut);
    JobMain.watchLease();
    JobMain.onSigterm(ExecutorMain::stop);
    Set<Thread> baseline = Thread.getAllStackTraces().keySet();
    DataInputStream in = new DataInputStream(System.in);
    send("ready");
    while (true) {
      Path dir;
      ChildJob job;
      try {
        int magic = in.readInt();
        if (magic != MAGIC) {
          ownOut.println("adf executor: stdin does not hold an executor frame (bad magic number)");
          System.exit(2);
        }
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        dir = Path.of(new String(b, StandardCharsets.UTF_8));
        job = ChildJob.readFrom(in);
      } catch (EOFException e) {
        System.exit(0); // the engine closed the pipe (or ended): nothing more to run
        return;
      } catch (IOException e) {
        ownOut.println("adf executor: cannot read the next job: " + e);
        System.exit(2);
        return;
      }
      int code = runOne(dir, job, ownOut);
      boolean reuse = code == 0 && !STOPPING.get() && !currentStop.get() && noLeftoverThreads(baseline);
      currentDir = null;
      send("ended " + job.id() + " " + code + (reuse ? " reuse" : " exit"));
      if (!reuse) {
        System.exit(code == 0 ? 0 : code);
      }
    }
  }

  /** Runs one job with its streams switched to its folder; returns its exit code (exit file written). */
  private static int runOne(Path dir, ChildJob job, PrintStream ownOut) {
    AtomicBoolean stop = new AtomicBoolean(STOPPING.get());
    currentStop = stop;
    jobThread = Thread.currentThread();
    currentDir = dir;
    int code;
    String error = null;
    try (PrintStream out = fileStream(dir, ChildFiles.STDOUT); PrintStream err = fileStream(dir, ChildFiles.STDERR)) {
      System.setOut(out);
      System.setErr(err);
      try {
        code = JobMain.run(job, stop, dir, out, () -> {
          JobMain.markStarted(dir);
          send("started " + job.id());
        });
        if (code != 0) {
          error = "job exited with code " + code;
        }
      } catch (JobMain.UnknownJob e) {
        err.println(e.getMessage());
        code = 1;
        error = e.getMessage();
      } catch (Throwable t) {
        t.printStackTrace(err);
        code = 1;
        error = JobMain.oneLine(t);
      }
      out.flush();
      err.flush();
    } catch (IOException e) {
      code = 1;
      error = "cannot open the job's output files in " + dir + ": " + e;
      ownOut.println(error);
    } finally {
      System.setOut(ownOut);
      System.setErr(ownOut);
      Thread.interrupted(); // a stop's interrupt must not reach the next read
    }
    try {
      ChildFiles.writeExit(dir, code, error);
    } catch (IOException e) {
      ownOut.println("adf executor: cannot record the exit code in " + dir + ": " + e);
      code = code == 0 ? 1 : code;
    }
    return code;
  }

  private static PrintStream fileStream(Path dir, String name) throws IOException {
    return new PrintStream(new java.io.BufferedOutputStream(new FileOutputStream(dir.resolve(name).toFile(), true),
        8192), true, StandardCharsets.UTF_8);
  }

  /** True when the job left no non-daemon thread alive (after a short grace for pools shutting down). */
  private static boolean noLeftoverThreads(Set<Thread> baseline) {
    long deadline = System.nanoTime() + LEFTOVER_THREAD_MILLIS * 1_000_000;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t == Thread.currentThread() || t.isDaemon() || baseline.contains(t) || !t.isAlive()) {
        continue;
      }
      try {
        t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        return false;
      }
      if (t.isAlive()) {
        return false;
      }
    }
    return true;
  }

  /** SIGTERM: stop the running job (the executor then ends), or end at once when idle. */
  private static void stop() {
    STOPPING.set(true);
    AtomicBoolean s = currentStop;
    Thread t = jobThread;
    if (currentDir == null) {
      System.exit(143);
    }
    if (s != null) {
      s.set(true);
    }
    if (t != null) {
      t.interrupt();
    }
  }

  /** The lease watch ends this JVM: record the running job's end first (called by {@link JobMain}). */
  static void leaseLost(int code, String error) {
    Path dir = currentDir;
    if (dir != null) {
      try {
        ChildFiles.writeExit(dir, code, error);
      } catch (IOException e) {
        // the engine reports the job by its exit value
      }
    }
  }

  private static synchronized void send(String line) {
    control.println(line);
  }

  /** Reads one control line ({@code ready}, {@code started ID}, {@code ended ID CODE reuse|exit}). */
  public static String readLine(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      b.append((char) c);
    }
    return c == -1 && b.length() == 0 ? null : b.toString();
  }
}
