package dev.adf.engine;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A snapshot of one job.
 *
 * @param id the job
 * @param number the job's number within its engine: 1 for the first job ever submitted to the engine's
 *     work root, then 2, 3, … (kept across restarts); it is the batch id of the Livy API
 * @param name the spec's {@link JobSpec#name()}
 * @param state its state now
 * @param submitted when it was submitted (UTC)
 * @param started when it began running, or null
 * @param ended when it reached a terminal state, or null
 * @param exitCode the job's exit code once terminal (0 = success), or null
 * @param error a one-line reason for FAILED, KILLED or LOST, or null
 * @param logFile the job's log (stdout and stderr), readable while it runs
 * @param waitingFor while SUBMITTED and queued for engine capacity: what it waits for, in one line
 *     ("2 cores and 1024 MiB; 1 core and 512 MiB free; 3 jobs ahead"); null otherwise
 */
public record JobStatus(
    JobId id,
    int number,
    String name,
    JobState state,
    Instant submitted,
    Instant started,
    Instant ended,
    Integer exitCode,
    String error,
    Path logFile,
    String waitingFor) {}
