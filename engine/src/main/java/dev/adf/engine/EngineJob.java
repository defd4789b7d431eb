package dev.adf.engine;

/**
 * A program the built-in engine runs, the in-process counterpart of a Spark application's
 * {@code main}. Implementations must have a public no-argument constructor.
 */
public interface EngineJob {

  /**
   * Runs the job to completion.
   *
   * @return the exit code: 0 for success, anything else for failure
   * @throws InterruptedException when the job is stopped (the engine interrupts the job's thread and
   *     sets {@link JobContext#isStopRequested()}); long loops must check one of the two
   * @throws Exception any other failure, recorded as FAILED with the exception's message in the log
   */
  int run(JobContext context) throws Exception;
}
