package dev.adf.orchestrator.store;

import java.time.Instant;

/**
 * One try of one activity window.
 *
 * @param key the window
 * @param number attempt number, from 1
 * @param start when it started (UTC)
 * @param end when it ended, or null while running
 * @param status how it ended
 * @param error the failure, one line (type and message), or null
 * @param engineJobId the compute engine's job id, or null when no job was submitted
 * @param logLocation the job's log (path or URL), or null
 */
public record Attempt(
    WindowKey key,
    int number,
    Instant start,
    Instant end,
    AttemptStatus status,
    String error,
    String engineJobId,
    String logLocation) {}
