package dev.adf.engine;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A snapshot of one job.
 *
 * @param id the job
 * @param state its state now
 * @param submitted when it was submitted (UTC)
 * @param started when it began running, or null
 * @param ended when it reached a terminal state, or null
 * @param exitCode the job's exit code once terminal (0 = success), or null
 * @param error a one-line reason for FAILED, KILLED or LOST, or null
 * @param logFile the job's log (stdout and stderr), readable while it runs
 */
public record JobStatus(
    JobId id,
    JobState state,
    Instant submitted,
    Instant started,
    Instant ended,
    Integer exitCode,
    String error,
    Path logFile) {}
