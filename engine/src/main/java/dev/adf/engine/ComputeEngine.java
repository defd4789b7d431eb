package dev.adf.engine;

import java.io.IOException;
import java.time.Duration;

/**
 * The job submission API of a compute engine: the built-in one, or (later) a Livy server in front of
 * a Spark cluster. All methods are thread-safe.
 */
public interface ComputeEngine extends AutoCloseable {

  /**
   * Queues a job. A spec whose {@link JobSpec#idempotencyKey()} was already submitted returns the
   * existing job and runs nothing.
   *
   * @throws UnknownJobClassException when the main class is neither built in nor on the classpath
   */
  JobId submit(JobSpec spec);

  /**
   * The job's current state.
   *
   * @throws java.util.NoSuchElementException for a job this engine does not know
   */
  JobStatus status(JobId id);

  /** Every job this engine knows, including those found on disk at start, ordered by {@link JobStatus#number()}. */
  java.util.List<JobStatus> jobs();

  /**
   * Waits until the job is terminal or {@code maxWait} has passed, whichever is first.
   *
   * @return the status at return (terminal unless the wait ran out)
   * @throws InterruptedException when the waiting thread is interrupted; the job keeps running
   */
  JobStatus await(JobId id, Duration maxWait) throws InterruptedException;

  /**
   * Stops a job and returns only once it has stopped: first a cooperative stop, then a forced one
   * after {@code grace}. A job that is already terminal is returned as it is.
   *
   * @return the terminal status (KILLED unless the job ended on its own first)
   */
  JobStatus kill(JobId id, Duration grace) throws InterruptedException;

  /** The job's log so far (stdout and stderr interleaved). */
  String log(JobId id) throws IOException;

  /** Stops every running job and releases the engine's threads. */
  @Override
  void close();
}
