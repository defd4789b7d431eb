package dev.adf.engine;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The body of one job's thread: wait for a slot (SUBMITTED), open the log and create the job
 * (STARTING), run it (RUNNING), then record the outcome and write it as the log's last line.
 */
final class JobRunner implements Runnable {

  /** Creates a job instance; may throw what its constructor throws. */
  interface JobFactory {
    EngineJob create() throws Exception;
  }

  private final JobRecord record;
  private final JobFactory factory;
  private final List<String> args;
  private final Map<String, String> conf;
  private final Semaphore slots;
  private final Duration maxQueueWait;
  private final Clock clock;

  JobRunner(JobRecord record, JobFactory factory, JobSpec spec, Semaphore slots, Duration maxQueueWait, Clock clock) {
    this.record = record;
    this.factory = factory;
    this.args = spec.args();
    this.conf = spec.conf();
    this.slots = slots;
    this.maxQueueWait = maxQueueWait;
    this.clock = clock;
  }

  @Override
  public void run() {
    Integer exit = null;
    Throwable failure = null;
    try {
      if (!acquireSlot()) {
        record.transition(JobState.FAILED, clock.instant(), null,
            "waited longer than " + maxQueueWait + " for a free job slot; raise maxConcurrentJobs or maxQueueWait");
        return;
      }
      if (!record.transition(JobState.STARTING, clock.instant(), null, null)) {
        return;
      }
      record.log = new PrintStream(new FileOutputStream(record.logFile.toFile(), true), true, StandardCharsets.UTF_8);
      EngineJob job = create();
      if (!record.transition(JobState.RUNNING, clock.instant(), null, null)) {
        return;
      }
      exit = job.run(new JobContext(record.id, args, conf, record.workDir, record.log, record.stopFlag));
    } catch (Throwable t) {
      failure = t;
    } finally {
      finish(exit, failure);
      if (record.permitHeld.getAndSet(false)) {
        slots.release();
      }
    }
  }

  private boolean acquireSlot() throws InterruptedException {
    if (maxQueueWait.isZero()) {
      slots.acquire();
    } else if (!slots.tryAcquire(JobRecord.toNanos(maxQueueWait), TimeUnit.NANOSECONDS)) {
      return false;
    }
    record.permitHeld.set(true);
    return true;
  }

  private EngineJob create() throws Exception {
    try {
      return factory.create();
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception ex ? ex : e;
    }
  }

  private void finish(Integer exit, Throwable failure) {
    JobState end;
    String error;
    if (record.killRequested()) {
      end = JobState.KILLED;
      error = "killed on request";
    } else if (failure == null && exit != null && exit == 0) {
      end = JobState.SUCCEEDED;
      error = null;
    } else if (failure == null && exit != null) {
      end = JobState.FAILED;
      error = "job exited with code " + exit;
    } else if (failure != null) {
      end = JobState.FAILED;
      error = oneLine(failure);
    } else {
      return; // already terminal (killed or failed before running)
    }
    writeFinalLine(end, exit, error, failure);
    record.transition(end, clock.instant(), exit, error);
    closeLog(record);
  }

  private void writeFinalLine(JobState end, Integer exit, String error, Throwable failure) {
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text);
    out.println("job " + record.id + " " + end + (exit == null ? "" : " (exit code " + exit + ")")
        + (error == null ? "" : ": " + error));
    if (failure != null) {
      failure.printStackTrace(out);
    }
    out.flush();
    try {
      if (record.log != null) {
        record.log.print(text);
        record.log.flush();
      } else {
        Files.writeString(record.logFile, text.toString(), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      }
    } catch (IOException ignored) {
      // the state history still records the outcome
    }
  }

  static void closeLog(JobRecord record) {
    PrintStream log = record.log;
    if (log != null) {
      log.close();
    }
  }

  /** The exception's type and message on one line, with the root cause's when different. */
  static String oneLine(Throwable t) {
    String msg = t.getClass().getSimpleName() + ": " + t.getMessage();
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != t) {
      msg += " (cause: " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
    return msg.replaceAll("[\\r\\n]+", " ");
  }
}
