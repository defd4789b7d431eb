package dev.adf.engine;

import java.time.Instant;

/**
 * One entry of a job's append-only state history.
 *
 * @param state the state the job entered
 * @param at when, from the engine's clock (UTC)
 * @param error the one-line reason for FAILED, KILLED or LOST, else null
 */
public record StateChange(JobState state, Instant at, String error) {}
