package dev.adf.orchestrator.history;

import java.time.Instant;

/**
 * One {@code adf deploy} that changed something.
 *
 * @param id its number, from 1
 * @param at when (UTC)
 * @param source what was deployed (the folder)
 * @param summary what changed, one line
 */
public record Deployment(int id, Instant at, String source, String summary) {}
