package dev.adf.orchestrator.history;

import dev.adf.orchestrator.status.WindowState;
import java.time.Instant;

/**
 * One status change of an activity window, as appended to its history.
 *
 * @param id the event row's number, increasing in the order events were written; for an attempt's start,
 *     which its attempt row records (V14), the number of the latest event row written before it
 * @param at when (UTC)
 * @param from the state before, or null for the window's creation
 * @param to the state after
 * @param reason why (one line, no secrets), or null
 */
public record WindowEvent(long id, Instant at, WindowState from, WindowState to, String reason) {}
