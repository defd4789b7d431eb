package dev.adf.engine;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a running {@link EngineJob} gets from the engine.
 *
 * @param id the job
 * @param args the application arguments
 * @param conf the job's settings (see {@link JobSpec#conf()})
 * @param workDir the job's own work directory (exists)
 * @param log the job's log; everything printed here lands in {@link ComputeEngine#log(JobId)}
 * @param stopFlag set when the engine asks the job to stop
 */
public record JobContext(
    JobId id,
    List<String> args,
    Map<String, String> conf,
    Path workDir,
    PrintStream log,
    java.util.concurrent.atomic.AtomicBoolean stopFlag) {

  /** True once the engine asked this job to stop; long loops should check it and throw. */
  public boolean isStopRequested() {
    return stopFlag.get() || Thread.currentThread().isInterrupted();
  }

  /**
   * Throws when a stop was requested, so loops can call it once per unit of work.
   *
   * @throws InterruptedException when the engine asked the job to stop
   */
  public void checkStop() throws InterruptedException {
    if (isStopRequested()) {
      throw new InterruptedException("job " + id + " was asked to stop");
    }
  }
}
